// The little the tenancy rules read of a Kubernetes object: its metadata. Cache entries, list items
// and test fixtures all fit, so the rules stay pure and need no client types.

export interface ObjectMeta {
  readonly name?: string;
  readonly uid?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Set once deletion has started; the rules only ask whether it is there. */
  readonly deletionTimestamp?: unknown;
}

export interface MetaObject {
  readonly metadata?: ObjectMeta;
}

export function isDeleting(object: MetaObject | undefined): boolean {
  return object?.metadata?.deletionTimestamp !== undefined;
}

// A LabelSelector object (a webhook's namespaceSelector) as the `labelSelector` query string the
// API server takes, so a list returns exactly the namespaces the selector picks. Pure.

export interface SelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

export interface LabelSelectorObject {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly SelectorRequirement[];
}

function requirement(r: SelectorRequirement): string {
  const values = (r.values ?? []).join(',');
  switch (r.operator) {
    case 'In':
      return `${r.key} in (${values})`;
    case 'NotIn':
      return `${r.key} notin (${values})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    default:
      throw new Error(`unknown label selector operator ${JSON.stringify(r.operator)}`);
  }
}

/** `''` selects everything, as an empty selector does. */
export function selectorString(selector: LabelSelectorObject | undefined): string {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  return [...labels, ...(selector?.matchExpressions ?? []).map(requirement)].join(',');
}

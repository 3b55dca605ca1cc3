// Settings of the project pools the Calico provider creates — the `calico` section of the controller
// configuration — with their defaults and validation. Pure: options may come from untyped Helm
// values, so every field is checked at run time and the first problem is returned with the field
// it concerns.
import { ENCAPSULATION_MODES, IPPOOL_ASSIGNMENT_MODES } from '../../api/external/calico-ippool.js';

export type EncapsulationMode = (typeof ENCAPSULATION_MODES)[number];
export type AssignmentMode = (typeof IPPOOL_ASSIGNMENT_MODES)[number];

/** What the admin may choose; everything has a default. */
export interface CalicoSettingsInput {
  /**
   * Prefix length of the blocks Calico cuts from a pool, one or more per node that runs pods of the
   * project. Calico's default /26 (64 addresses) would let a /24 project pool serve only 4 nodes;
   * /28 (16 addresses) lets it serve 16 nodes, at the price of more routes. Fixed at creation.
   */
  readonly blockSize?: number;
  readonly ipipMode?: EncapsulationMode;
  /**
   * Default `CrossSubnet` (or `Never` when IPIP is chosen, since a pool can't have both): VXLAN works
   * without BGP (Felix programs the routes itself) and on clouds that drop packets with unknown
   * source addresses, and costs nothing between nodes of one subnet, where it routes directly.
   */
  readonly vxlanMode?: EncapsulationMode;
  /** Masquerade traffic from project pods to destinations outside every pool (default true). */
  readonly natOutgoing?: boolean;
  /**
   * Calico selector of the nodes whose pods may take addresses from a project pool *without naming
   * it*. Default `!all()` (none): Calico IPAM hands any enabled pool whose selector matches to a pod
   * that names no pool, so anything else would give tenant addresses to other namespaces. Pods of
   * the project name their pool (the namespace annotation), which Calico honours on every node.
   */
  readonly nodeSelector?: string;
  /**
   * `Manual` (Calico >= 3.30) makes a pool serve only pods or namespaces that name it. Unset: Manual
   * where the installed IPPool CRD has the field, left out where it has not (crd-features.ts).
   */
  readonly assignmentMode?: AssignmentMode;
}

/** The pool fields the provider writes and keeps in place. */
export interface PoolSettings {
  readonly blockSize: number;
  readonly ipipMode: EncapsulationMode;
  readonly vxlanMode: EncapsulationMode;
  readonly natOutgoing: boolean;
  readonly nodeSelector: string;
  readonly assignmentMode?: AssignmentMode;
}

export type CalicoSettings = PoolSettings;

export type CalicoSettingsResult =
  | { readonly ok: true; readonly settings: CalicoSettings }
  | { readonly ok: false; readonly field: keyof CalicoSettingsInput; readonly message: string };

/** Calico accepts IPv4 block sizes 20-32. */
const MIN_BLOCK_SIZE = 20;
const MAX_BLOCK_SIZE = 32;
/** No node draws from a project pool unless the pod's namespace names it. */
export const DEFAULT_NODE_SELECTOR = '!all()';

/** The defaults, as the configuration shows them (the chart's values repeat them for the reader). */
export const CALICO_DEFAULTS = { blockSize: 28, ipipMode: 'Never', vxlanMode: 'CrossSubnet', natOutgoing: true, nodeSelector: DEFAULT_NODE_SELECTOR } as const satisfies CalicoSettingsInput;

/** Settings the `calico` section may carry. */
const SETTING_NAMES: readonly (keyof CalicoSettingsInput)[] = ['blockSize', 'ipipMode', 'vxlanMode', 'natOutgoing', 'nodeSelector', 'assignmentMode'];

/** A value from untyped input, shown as it was written. */
function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

export function resolveCalicoSettings(input: CalicoSettingsInput): CalicoSettingsResult {
  const fail = (field: keyof CalicoSettingsInput, message: string): CalicoSettingsResult => ({ ok: false, field, message });
  const blockSize: unknown = input.blockSize ?? CALICO_DEFAULTS.blockSize;
  if (typeof blockSize !== 'number' || !Number.isInteger(blockSize) || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
    return fail('blockSize', `blockSize must be an integer ${MIN_BLOCK_SIZE}-${MAX_BLOCK_SIZE} (an IPv4 prefix length), not ${shown(blockSize)}`);
  }
  const ipipMode: unknown = input.ipipMode ?? CALICO_DEFAULTS.ipipMode;
  if (!isOneOf(ENCAPSULATION_MODES, ipipMode)) {
    return fail('ipipMode', `ipipMode must be one of ${ENCAPSULATION_MODES.join(', ')}, not ${shown(ipipMode)}`);
  }
  const vxlanMode: unknown = input.vxlanMode ?? (ipipMode === 'Never' ? CALICO_DEFAULTS.vxlanMode : 'Never');
  if (!isOneOf(ENCAPSULATION_MODES, vxlanMode)) {
    return fail('vxlanMode', `vxlanMode must be one of ${ENCAPSULATION_MODES.join(', ')}, not ${shown(vxlanMode)}`);
  }
  if (ipipMode !== 'Never' && vxlanMode !== 'Never') {
    return fail('vxlanMode', `a Calico pool cannot use IPIP (${ipipMode}) and VXLAN (${vxlanMode}) at once; set one of them to Never`);
  }
  const natOutgoing: unknown = input.natOutgoing ?? CALICO_DEFAULTS.natOutgoing;
  if (typeof natOutgoing !== 'boolean') return fail('natOutgoing', `natOutgoing must be true or false, not ${shown(natOutgoing)}`);
  const nodeSelector: unknown = input.nodeSelector ?? DEFAULT_NODE_SELECTOR;
  if (typeof nodeSelector !== 'string' || nodeSelector.trim() === '') {
    return fail('nodeSelector', `nodeSelector must be a non-empty Calico selector such as ${DEFAULT_NODE_SELECTOR}, not ${shown(nodeSelector)}`);
  }
  // The chart's empty string means the same as leaving it out: decided by the installed CRD.
  const assignmentMode: unknown = (input.assignmentMode as unknown) === '' ? undefined : input.assignmentMode;
  if (assignmentMode !== undefined && !isOneOf(IPPOOL_ASSIGNMENT_MODES, assignmentMode)) {
    return fail('assignmentMode', `assignmentMode must be one of ${IPPOOL_ASSIGNMENT_MODES.join(', ')}, not ${shown(assignmentMode)}`);
  }
  return {
    ok: true,
    settings: { blockSize, ipipMode, vxlanMode, natOutgoing, nodeSelector, ...(assignmentMode === undefined ? {} : { assignmentMode }) },
  };
}

/** The `calico` section's problems, each naming its setting; empty when it is fine. */
export function calicoConfigErrors(section: unknown): string[] {
  if (section === null || typeof section !== 'object' || Array.isArray(section)) return ['calico: must be an object'];
  const unknown = Object.keys(section).filter((key) => !(SETTING_NAMES as readonly string[]).includes(key));
  if (unknown.length > 0) return unknown.map((key) => `calico: unknown setting ${JSON.stringify(key)}`);
  const resolved = resolveCalicoSettings(section);
  return resolved.ok ? [] : [`calico.${resolved.field}: ${resolved.message}`];
}

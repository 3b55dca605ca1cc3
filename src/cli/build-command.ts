// From a command's positional arguments and flags to a checked CliCommand, or the message that says
// what is wrong with them. Names are checked against the API's own patterns before any request.
import { parseBandwidth } from '../api/bandwidth.js';
import { DNS_LABEL_PATTERN, WORKSPACE_NAME_PATTERN } from '../api/names.js';
import { MAX_CONNECTION_PORTS, type DefaultedConnectionPort } from '../api/project-connection.js';
import { parseIp } from '../policy/index.js';
import type { BandwidthChange, BandwidthTarget, CliCommand, EndpointArg, MatrixFormat, ReadFormat, TrafficSort } from './cli-command.js';
import { COMMANDS, DRY_RUN_MODES, type CommandName, type DryRunMode, type FlagName } from './command-specs.js';
import { parseFlowSpec, parsePortSpec } from './port-spec.js';

export type Flags = ReadonlyMap<FlagName, readonly string[]>;
type Built = CliCommand | { readonly message: string };

const PROJECT_NAME = new RegExp(DNS_LABEL_PATTERN);
const WORKSPACE_NAME = new RegExp(WORKSPACE_NAME_PATTERN);

function checkProject(name: string): string | undefined {
  return PROJECT_NAME.test(name) && name.length <= 63 ? undefined : `${JSON.stringify(name)} is not a valid project name (a namespace name: lower-case letters, digits and '-', at most 63)`;
}

function checkWorkspace(name: string): string | undefined {
  return WORKSPACE_NAME.test(name) && name.length <= 63 ? undefined : `${JSON.stringify(name)} is not a valid workspace name`;
}

function firstProblem(checks: readonly (string | undefined)[]): { message: string } | undefined {
  const problem = checks.find((c) => c !== undefined);
  return problem === undefined ? undefined : { message: problem };
}

function single(flags: Flags, name: FlagName): string | undefined {
  return flags.get(name)?.[0];
}

function dryRunOf(flags: Flags): DryRunMode | { message: string } {
  const value = single(flags, 'dry-run') ?? 'none';
  return (DRY_RUN_MODES as readonly string[]).includes(value) ? (value as DryRunMode) : { message: `--dry-run must be none, client or server, not ${JSON.stringify(value)}` };
}

/** `NAMESPACE`, `NAMESPACE/POD` or an IPv4/IPv6 address. */
export function parseEndpoint(text: string): EndpointArg | { message: string } {
  if (parseIp(text) !== undefined) return { ip: text };
  const [namespace = '', pod, extra] = text.split('/');
  const problem = checkProject(namespace) === undefined ? undefined : `${JSON.stringify(text)} is not a namespace, NAMESPACE/POD or IP address`;
  if (problem !== undefined || extra !== undefined || pod === '') return { message: problem ?? `${JSON.stringify(text)} is not a namespace, NAMESPACE/POD or IP address` };
  return pod === undefined ? { namespace } : { namespace, pod };
}

/** `workspace/NAME` or `project/NAME`. */
export function parseBandwidthTarget(text: string): BandwidthTarget | { message: string } {
  const slash = text.indexOf('/');
  const kind = text.slice(0, slash);
  const name = text.slice(slash + 1);
  if (slash < 0 || (kind !== 'workspace' && kind !== 'project')) return { message: `bandwidth set needs workspace/NAME or project/NAME, not ${JSON.stringify(text)}` };
  const problem = kind === 'workspace' ? checkWorkspace(name) : checkProject(name);
  return problem === undefined ? { kind, name } : { message: problem };
}

/** A quantity kubelet accepts (the CRD schema's syntax and range), or `none` to remove the limit. */
export function parseLimit(flag: 'ingress' | 'egress', value: string | undefined): string | null | undefined | { message: string } {
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  const parsed = parseBandwidth(value);
  if (parsed.ok) return value;
  const why = parsed.reason === 'OutOfRange' ? 'is outside 1k to 1P bits per second' : 'is not a quantity such as 100M, 1.5G or 500k';
  return { message: `--${flag} ${JSON.stringify(value)} ${why} (or none to remove the limit)` };
}

function buildBandwidth(args: readonly string[], flags: Flags, output: ReadFormat): Built {
  const limits = flags.has('ingress') || flags.has('egress');
  if (args[0] !== 'set') {
    if (limits || flags.has('dry-run')) return { message: '--ingress, --egress and --dry-run need: bandwidth set workspace/NAME|project/NAME' };
    if (args.length > 1) return { message: `bandwidth takes at most one WORKSPACE; unexpected ${JSON.stringify(args[1])}` };
    const problem = args[0] === undefined ? undefined : checkWorkspace(args[0]);
    if (problem !== undefined) return { message: problem };
    return { name: 'bandwidth', output, ...(args[0] === undefined ? {} : { workspace: args[0] }) };
  }
  if (flags.has('output')) return { message: '-o does not apply to bandwidth set' };
  if (args[1] === undefined) return { message: 'bandwidth set needs workspace/NAME or project/NAME' };
  const target = parseBandwidthTarget(args[1]);
  if ('message' in target) return target;
  const ingress = parseLimit('ingress', single(flags, 'ingress'));
  const egress = parseLimit('egress', single(flags, 'egress'));
  for (const limit of [ingress, egress]) if (limit !== null && typeof limit === 'object') return limit;
  if (!limits) return { message: 'bandwidth set needs --ingress and/or --egress' };
  const change: BandwidthChange = { ...(ingress === undefined ? {} : { ingress: ingress as string | null }), ...(egress === undefined ? {} : { egress: egress as string | null }) };
  const dryRun = dryRunOf(flags);
  return typeof dryRun === 'object' ? dryRun : { name: 'bandwidth-set', target, change, dryRun };
}

function buildConnect(a: string, b: string, flags: Flags, dryRun: DryRunMode): Built {
  const problem = firstProblem([checkProject(a), checkProject(b), a === b ? `cannot connect ${a} to itself: a project always reaches itself` : undefined]);
  if (problem !== undefined) return problem;
  const ports: DefaultedConnectionPort[] = [];
  for (const text of flags.get('port') ?? []) {
    const parsed = parsePortSpec(text);
    if (!parsed.ok) return { message: parsed.message };
    ports.push(parsed.port);
  }
  if (ports.length > MAX_CONNECTION_PORTS) return { message: `at most ${MAX_CONNECTION_PORTS} --port flags` };
  return { name: 'connect', from: a, to: b, oneWay: flags.has('one-way'), ports, dryRun };
}

function isTrafficSort(value: string): value is TrafficSort {
  return value === 'total' || value === 'ingress' || value === 'egress' || value === 'name';
}

function buildWhy(args: readonly string[], output: ReadFormat): Built {
  const [fromText = '', toText = '', flowText] = args;
  const from = parseEndpoint(fromText);
  if ('message' in from) return from;
  const to = parseEndpoint(toText);
  if ('message' in to) return to;
  if (flowText === undefined) return { name: 'why', from, to, output };
  const flow = parseFlowSpec(flowText);
  return flow.ok ? { name: 'why', from, to, flow: flow.flow, output } : { message: flow.message };
}

export function buildCommand(command: CommandName, args: readonly string[], flags: Flags): Built {
  const output = single(flags, 'output');
  const outputs = COMMANDS[command].outputs;
  if (output !== undefined && outputs !== undefined && !outputs.includes(output)) {
    return { message: `-o must be one of ${outputs.join(', ')}, not ${JSON.stringify(output)}` };
  }
  const read = (output ?? 'table') as ReadFormat;
  const dryRun = dryRunOf(flags);
  if (typeof dryRun === 'object') return dryRun;
  const [a = '', b = ''] = args;
  switch (command) {
    case 'status':
      return firstProblem(args.map(checkWorkspace)) ?? { name: 'status', output: read, ...(args[0] === undefined ? {} : { workspace: a }) };
    case 'matrix':
      return firstProblem(args.map(checkWorkspace)) ?? { name: 'matrix', workspaces: [...new Set(args)], output: (output ?? 'table') as MatrixFormat };
    case 'why':
      return buildWhy(args, read);
    case 'top': {
      const sortBy = single(flags, 'sort-by') ?? 'total';
      if (!isTrafficSort(sortBy)) return { message: `--sort-by must be total, ingress, egress or name, not ${JSON.stringify(sortBy)}` };
      return firstProblem(args.map(checkWorkspace)) ?? { name: 'top', output: read, sortBy, ...(args[0] === undefined ? {} : { workspace: a }) };
    }
    case 'bandwidth':
      return buildBandwidth(args, flags, read);
    case 'check':
      return { name: 'check', output: read };
    case 'connect':
      return buildConnect(a, b, flags, dryRun);
    case 'disconnect':
      return firstProblem([checkProject(a), checkProject(b), a === b ? 'disconnect needs two different projects' : undefined]) ?? { name: 'disconnect', a, b, dryRun };
    case 'isolate':
    case 'open':
      return firstProblem([checkProject(a)]) ?? { name: command, project: a, dryRun };
    case 'workspace': {
      const problem = firstProblem([checkWorkspace(a)]);
      if (problem !== undefined) return problem;
      const intra = single(flags, 'intra')?.toLowerCase();
      if (intra === undefined) return { message: 'workspace needs --intra allow or --intra deny' };
      if (intra !== 'allow' && intra !== 'deny') return { message: `--intra must be allow or deny, not ${JSON.stringify(intra)}` };
      return { name: 'workspace', workspace: a, intra: intra === 'allow' ? 'Allow' : 'Deny', dryRun };
    }
    case 'completion':
      return a === 'bash' || a === 'zsh' ? { name: 'completion', shell: a } : { message: `completion supports bash and zsh, not ${JSON.stringify(a)}` };
  }
}

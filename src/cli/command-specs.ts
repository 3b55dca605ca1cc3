// What each command accepts and how it explains itself: the single source of `--help` text and of
// the flags the parser lets through.

export const COMMAND_NAMES = ['status', 'matrix', 'connect', 'disconnect', 'isolate', 'open', 'workspace'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const FLAG_NAMES = ['kubeconfig', 'context', 'color', 'output', 'one-way', 'port', 'intra', 'help', 'version'] as const;
export type FlagName = (typeof FLAG_NAMES)[number];

export interface FlagSpec {
  readonly short?: string;
  readonly value?: string;
  readonly repeatable?: boolean;
  readonly help: string;
}

export const FLAGS: Readonly<Record<FlagName, FlagSpec>> = {
  kubeconfig: { value: 'PATH', help: 'kubeconfig file to use (default: $KUBECONFIG, then ~/.kube/config)' },
  context: { value: 'NAME', help: 'kubeconfig context to use (default: the current context)' },
  color: { value: 'auto|always|never', help: 'colour the output (default auto: only when stdout is a terminal and NO_COLOR is unset)' },
  output: { short: 'o', value: 'FORMAT', help: 'output format' },
  'one-way': { help: 'allow only FROM -> TO (default: both directions)' },
  port: { value: 'PROTO/PORT', repeatable: true, help: 'allow only this port or range, e.g. tcp/80, udp/53, tcp/8000-8080 (repeatable; default: all ports)' },
  intra: { value: 'allow|deny', help: 'whether projects of the workspace reach each other without a ProjectConnection' },
  help: { short: 'h', help: 'show help' },
  version: { help: 'print the version' },
};

export const GLOBAL_FLAGS: readonly FlagName[] = ['kubeconfig', 'context', 'color', 'help'];

export interface CommandSpec {
  readonly name: CommandName;
  readonly usage: string;
  readonly summary: string;
  readonly description: string;
  /** Positional arguments: at least `min`, at most `max` (undefined: any number). */
  readonly positionals: { readonly min: number; readonly max: number | undefined; readonly what: string };
  readonly flags: readonly FlagName[];
  readonly outputs?: readonly string[];
  readonly examples: readonly string[];
}

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  status: {
    name: 'status',
    usage: 'status [WORKSPACE] [-o table|json]',
    summary: 'Workspaces, VPCs, projects, subnets, connections, and why anything is not Ready',
    description:
      'Shows every workspace (VPC range, VPC id, intra-workspace rule, phase), every project (subnet, gateway,\n' +
      'subnet id, isolation, phase) and every ProjectConnection, then the reason and message of everything that\n' +
      'is not Ready. With WORKSPACE, only that workspace, its projects and the connections that touch them.',
    positionals: { min: 0, max: 1, what: 'WORKSPACE' },
    flags: ['output'],
    outputs: ['table', 'json'],
    examples: ['kubectl tenantnet status', 'kubectl tenantnet status retail -o json'],
  },
  matrix: {
    name: 'matrix',
    usage: 'matrix [WORKSPACE...] [-o table|json|html]',
    summary: 'Which project may reach which: the project x project connectivity grid',
    description:
      'Computes the grid from the live objects with the same policy model the controller renders its\n' +
      'NetworkPolicies from: rows are the source project, columns the destination. A cell allows all\n' +
      'traffic, some ports (listed under the grid) or nothing. With WORKSPACE names, only their projects.\n' +
      '-o json prints the grid as JSON; -o html prints a self-contained web page (redirect it to a file).',
    positionals: { min: 0, max: undefined, what: 'WORKSPACE' },
    flags: ['output'],
    outputs: ['table', 'json', 'html'],
    examples: ['kubectl tenantnet matrix', 'kubectl tenantnet matrix retail finance -o json', 'kubectl tenantnet matrix -o html > matrix.html'],
  },
  connect: {
    name: 'connect',
    usage: 'connect FROM TO [--one-way] [--port PROTO/PORT]...',
    summary: 'Allow traffic between two projects (creates or updates a ProjectConnection)',
    description:
      'Creates the ProjectConnection FROM.TO (or updates it when it exists): FROM may reach TO and, unless\n' +
      '--one-way, TO may reach FROM. Without --port every port is allowed. Both must be projects.',
    positionals: { min: 2, max: 2, what: 'FROM TO' },
    flags: ['one-way', 'port'],
    examples: ['kubectl tenantnet connect retail-api finance-ledger', 'kubectl tenantnet connect retail-web finance-reports --one-way --port tcp/443'],
  },
  disconnect: {
    name: 'disconnect',
    usage: 'disconnect A B',
    summary: 'Remove every ProjectConnection between two projects (either direction)',
    description:
      'Deletes each ProjectConnection whose ends are A and B, in either direction, whoever created it.\n' +
      'Projects of the same workspace may still reach each other through the workspace rule: the command\n' +
      'says so when that is the case.',
    positionals: { min: 2, max: 2, what: 'A B' },
    flags: [],
    examples: ['kubectl tenantnet disconnect retail-api finance-ledger'],
  },
  isolate: {
    name: 'isolate',
    usage: 'isolate PROJECT',
    summary: 'Isolate a project: other projects reach it only through ProjectConnections',
    description: 'Sets spec.isolation: Isolated on the project\'s ProjectNetwork.',
    positionals: { min: 1, max: 1, what: 'PROJECT' },
    flags: [],
    examples: ['kubectl tenantnet isolate retail-db'],
  },
  open: {
    name: 'open',
    usage: 'open PROJECT',
    summary: 'Undo isolate: the project follows its workspace\'s intra-workspace rule again',
    description:
      'Sets spec.isolation: Inherit on the project\'s ProjectNetwork and removes KubeSphere\'s\n' +
      'kubesphere.io/network-isolate=enabled namespace annotation when present (it isolates too).',
    positionals: { min: 1, max: 1, what: 'PROJECT' },
    flags: [],
    examples: ['kubectl tenantnet open retail-db'],
  },
  workspace: {
    name: 'workspace',
    usage: 'workspace WORKSPACE --intra allow|deny',
    summary: 'Allow or deny traffic between the projects of a workspace',
    description:
      'Sets spec.intraWorkspace on the WorkspaceNetwork. allow (the default): projects of the workspace reach\n' +
      'each other unless one is isolated; deny: only ProjectConnections connect them.',
    positionals: { min: 1, max: 1, what: 'WORKSPACE' },
    flags: ['intra'],
    examples: ['kubectl tenantnet workspace finance --intra deny'],
  },
};

export function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value);
}

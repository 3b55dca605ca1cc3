// What each command accepts and how it explains itself: the single source of `--help` text, of the
// flags the parser lets through and of what shell completion offers.

export const COMMAND_NAMES = ['status', 'matrix', 'why', 'top', 'bandwidth', 'check', 'connect', 'disconnect', 'isolate', 'open', 'workspace', 'completion'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const FLAG_NAMES = [
  'kubeconfig', 'context', 'controller-namespace', 'color', 'output', 'dry-run', 'one-way', 'port', 'intra', 'ingress', 'egress', 'sort-by', 'help', 'version',
] as const;
export type FlagName = (typeof FLAG_NAMES)[number];

export interface FlagSpec {
  readonly short?: string;
  readonly value?: string;
  /** The values a completion offers (when they are a fixed set). */
  readonly choices?: readonly string[];
  readonly repeatable?: boolean;
  readonly help: string;
}

export const DRY_RUN_MODES = ['none', 'client', 'server'] as const;
export type DryRunMode = (typeof DRY_RUN_MODES)[number];

export const FLAGS: Readonly<Record<FlagName, FlagSpec>> = {
  kubeconfig: { value: 'PATH', help: 'kubeconfig file to use (default: $KUBECONFIG, then ~/.kube/config)' },
  context: { value: 'NAME', help: 'kubeconfig context to use (default: the current context)' },
  'controller-namespace': {
    value: 'NAMESPACE',
    help: "where the controller's config ConfigMap is (default: found by its label, else tenant-network-system)",
  },
  color: { value: 'auto|always|never', choices: ['auto', 'always', 'never'], help: 'colour the output (default auto: only when stdout is a terminal and NO_COLOR is unset)' },
  output: { short: 'o', value: 'FORMAT', help: 'output format' },
  'dry-run': {
    value: 'none|client|server',
    choices: DRY_RUN_MODES,
    help: 'client: only say what would change; server: also have the API server validate and admit it, persisting nothing',
  },
  'one-way': { help: 'allow only FROM -> TO (default: both directions)' },
  port: { value: 'PROTO/PORT', repeatable: true, help: 'allow only this port or range, e.g. tcp/80, udp/53, tcp/8000-8080 (repeatable; default: all ports)' },
  intra: { value: 'allow|deny', choices: ['allow', 'deny'], help: 'whether projects of the workspace reach each other without a ProjectConnection' },
  ingress: { value: 'QUANTITY|none', help: 'limit on traffic into each pod, bits per second as a Kubernetes quantity (100M, 1G, 500k); none removes it' },
  egress: { value: 'QUANTITY|none', help: 'limit on traffic out of each pod, bits per second as a Kubernetes quantity; none removes it' },
  'sort-by': { value: 'total|ingress|egress|name', choices: ['total', 'ingress', 'egress', 'name'], help: 'order of the rows (default total: the busiest first)' },
  help: { short: 'h', help: 'show help' },
  version: { help: 'print the version' },
};

export const GLOBAL_FLAGS: readonly FlagName[] = ['kubeconfig', 'context', 'controller-namespace', 'color', 'help'];

/** What a positional argument is, for completion. */
export type ArgumentKind = 'workspace' | 'project' | 'endpoint' | 'flow' | 'bandwidth-target' | 'shell' | 'none';

export interface CommandSpec {
  readonly name: CommandName;
  readonly usage: string;
  readonly summary: string;
  readonly description: string;
  /** Positional arguments: at least `min`, at most `max` (undefined: any number). */
  readonly positionals: { readonly min: number; readonly max: number | undefined; readonly what: string };
  /** The kind of each positional argument in order; the last one repeats. */
  readonly arguments: readonly ArgumentKind[];
  readonly flags: readonly FlagName[];
  /** `-o` values; the first is the default. */
  readonly outputs?: readonly string[];
  readonly examples: readonly string[];
}

/** The formats of every read command: kubectl's, plus `table` (the default, by name). */
export const READ_OUTPUTS = ['table', 'wide', 'json', 'yaml', 'name'] as const;

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  status: {
    name: 'status',
    usage: 'status [WORKSPACE] [-o wide|json|yaml|name]',
    summary: 'Workspaces, VPCs, projects, subnets, connections, and why anything is not Ready',
    description:
      'Shows every workspace (VPC range, VPC id, intra-workspace rule, phase), every project (subnet, gateway,\n' +
      'subnet id, isolation, phase) and every ProjectConnection, then the reason and message of everything that\n' +
      'is not Ready. With WORKSPACE, only that workspace, its projects and the connections that touch them.\n' +
      '-o wide adds the Ready reason of every row and the bandwidth limits; -o json and -o yaml print a versioned\n' +
      'document (apiVersion cli.sdn.kubesphere.io/v1, kind Status); -o name one object per line.',
    positionals: { min: 0, max: 1, what: 'WORKSPACE' },
    arguments: ['workspace'],
    flags: ['output'],
    outputs: READ_OUTPUTS,
    examples: ['kubectl tenantnet status', 'kubectl tenantnet status retail -o yaml'],
  },
  matrix: {
    name: 'matrix',
    usage: 'matrix [WORKSPACE...] [-o wide|json|yaml|name|html]',
    summary: 'Which project may reach which: the project x project connectivity grid',
    description:
      'Computes the grid from the live objects with the same policy model the controller renders its\n' +
      'NetworkPolicies from: rows are the source project, columns the destination. A cell allows all\n' +
      'traffic, some ports (listed under the grid) or nothing. With WORKSPACE names, only their projects.\n' +
      '-o wide writes the ports into the cells; -o json and -o yaml print the grid as a document; -o name\n' +
      'the projects; -o html a self-contained web page (redirect it to a file).',
    positionals: { min: 0, max: undefined, what: 'WORKSPACE' },
    arguments: ['workspace'],
    flags: ['output'],
    outputs: [...READ_OUTPUTS, 'html'],
    examples: ['kubectl tenantnet matrix', 'kubectl tenantnet matrix retail finance -o json', 'kubectl tenantnet matrix -o html > matrix.html'],
  },
  why: {
    name: 'why',
    usage: 'why FROM TO [PORT] [-o wide|json|yaml|name]',
    summary: 'Whether traffic may flow from FROM to TO, and the rule or ProjectConnection that decides it',
    description:
      'FROM and TO are a namespace, a pod (NAMESPACE/POD) or an IP address; PORT is tcp/443, 443/udp or 443\n' +
      '(TCP). The answer comes from the policy model the controller renders its NetworkPolicies from, with the\n' +
      "controller's settings read from the cluster: it names the rule (docs/connectivity.md) and every\n" +
      'ProjectConnection that allows, or would allow but for its ports. Without PORT it says which ports may flow.\n' +
      'Exit code 0 either way; -o json for scripts. -o name prints the objects that decide it.',
    positionals: { min: 2, max: 3, what: 'FROM TO [PORT]' },
    arguments: ['endpoint', 'endpoint', 'flow'],
    flags: ['output'],
    outputs: READ_OUTPUTS,
    examples: ['kubectl tenantnet why retail-api finance-ledger tcp/8443', 'kubectl tenantnet why retail-web/web-7d4f retail-db', 'kubectl tenantnet why retail-api 169.254.169.254'],
  },
  top: {
    name: 'top',
    usage: 'top [WORKSPACE] [--sort-by total|ingress|egress|name] [-o wide|json|yaml|name]',
    summary: 'Traffic per project: bytes per second in and out of each subnet, busiest first',
    description:
      "From each ProjectNetwork's status.traffic, which the controller's leader samples every\n" +
      'traffic.periodSeconds (from Prometheus or the provider\'s monitoring); the SAMPLED column says how old\n' +
      'each figure is. Projects without a sample are listed last. -o wide adds the bandwidth limits per pod.',
    positionals: { min: 0, max: 1, what: 'WORKSPACE' },
    arguments: ['workspace'],
    flags: ['output', 'sort-by'],
    outputs: READ_OUTPUTS,
    examples: ['kubectl tenantnet top', 'kubectl tenantnet top retail --sort-by egress'],
  },
  bandwidth: {
    name: 'bandwidth',
    usage: 'bandwidth [WORKSPACE] [-o …] | bandwidth set workspace/NAME|project/NAME [--ingress Q|none] [--egress Q|none]',
    summary: 'Show or set the per-pod bandwidth limits of workspaces and projects',
    description:
      'Without set: the limits each workspace sets for its projects, each project\'s own override, and the limit\n' +
      'that applies (the project\'s per direction, else its workspace\'s). With set: changes spec.bandwidth of a\n' +
      'WorkspaceNetwork or ProjectNetwork; quantities are bits per second (100M = 100 Mbit/s, 1k to 1P), and\n' +
      'none removes a limit. New pods get the new limit; running pods keep theirs until re-created.',
    positionals: { min: 0, max: 2, what: '[WORKSPACE] or set TARGET' },
    arguments: ['bandwidth-target', 'bandwidth-target'],
    flags: ['output', 'ingress', 'egress', 'dry-run'],
    outputs: READ_OUTPUTS,
    examples: ['kubectl tenantnet bandwidth', 'kubectl tenantnet bandwidth set workspace/retail --ingress 100M --egress 50M', 'kubectl tenantnet bandwidth set project/retail-db --egress none'],
  },
  check: {
    name: 'check',
    usage: 'check [-o wide|json|yaml|name]',
    summary: 'Is the installation healthy: the controller ready, the CRDs served, the webhook answering',
    description:
      "Finds the controller's settings, then checks: its metrics Service has ready replicas whose /readyz says\n" +
      'ok and one of them holds the Lease; the three sdn.kubesphere.io kinds are served; and the pod webhook\n' +
      'stamps a pod created with a server-side dry run in a project (nothing is created). Without any project\n' +
      'yet, the webhook line says so and checks its configuration only. `helm test` runs this in a pod.\n' +
      'Exit code 0 when nothing failed, 6 when a check failed.',
    positionals: { min: 0, max: 0, what: '' },
    arguments: [],
    flags: ['output'],
    outputs: READ_OUTPUTS,
    examples: ['kubectl tenantnet check', 'kubectl tenantnet check --controller-namespace tenant-network-system -o json'],
  },
  connect: {
    name: 'connect',
    usage: 'connect FROM TO [--one-way] [--port PROTO/PORT]... [--dry-run=client|server]',
    summary: 'Allow traffic between two projects (creates or updates a ProjectConnection)',
    description:
      'Creates the ProjectConnection FROM.TO (or updates it when it exists): FROM may reach TO and, unless\n' +
      '--one-way, TO may reach FROM. Without --port every port is allowed. Both must be projects.',
    positionals: { min: 2, max: 2, what: 'FROM TO' },
    arguments: ['project', 'project'],
    flags: ['one-way', 'port', 'dry-run'],
    examples: ['kubectl tenantnet connect retail-api finance-ledger', 'kubectl tenantnet connect retail-web finance-reports --one-way --port tcp/443 --dry-run=server'],
  },
  disconnect: {
    name: 'disconnect',
    usage: 'disconnect A B [--dry-run=client|server]',
    summary: 'Remove every ProjectConnection between two projects (either direction)',
    description:
      'Deletes each ProjectConnection whose ends are A and B, in either direction, whoever created it.\n' +
      'Projects of the same workspace may still reach each other through the workspace rule: the command\n' +
      'says so when that is the case.',
    positionals: { min: 2, max: 2, what: 'A B' },
    arguments: ['project', 'project'],
    flags: ['dry-run'],
    examples: ['kubectl tenantnet disconnect retail-api finance-ledger'],
  },
  isolate: {
    name: 'isolate',
    usage: 'isolate PROJECT [--dry-run=client|server]',
    summary: 'Isolate a project: other projects reach it only through ProjectConnections',
    description: 'Sets spec.isolation: Isolated on the project\'s ProjectNetwork.',
    positionals: { min: 1, max: 1, what: 'PROJECT' },
    arguments: ['project'],
    flags: ['dry-run'],
    examples: ['kubectl tenantnet isolate retail-db'],
  },
  open: {
    name: 'open',
    usage: 'open PROJECT [--dry-run=client|server]',
    summary: 'Undo isolate: the project follows its workspace\'s intra-workspace rule again',
    description:
      'Sets spec.isolation: Inherit on the project\'s ProjectNetwork and removes KubeSphere\'s\n' +
      'kubesphere.io/network-isolate=enabled namespace annotation when present (it isolates too).',
    positionals: { min: 1, max: 1, what: 'PROJECT' },
    arguments: ['project'],
    flags: ['dry-run'],
    examples: ['kubectl tenantnet open retail-db'],
  },
  workspace: {
    name: 'workspace',
    usage: 'workspace WORKSPACE --intra allow|deny [--dry-run=client|server]',
    summary: 'Allow or deny traffic between the projects of a workspace',
    description:
      'Sets spec.intraWorkspace on the WorkspaceNetwork. allow (the default): projects of the workspace reach\n' +
      'each other unless one is isolated; deny: only ProjectConnections connect them.',
    positionals: { min: 1, max: 1, what: 'WORKSPACE' },
    arguments: ['workspace'],
    flags: ['intra', 'dry-run'],
    examples: ['kubectl tenantnet workspace finance --intra deny'],
  },
  completion: {
    name: 'completion',
    usage: 'completion bash|zsh',
    summary: 'Print a shell completion script',
    description:
      'bash: source <(kubectl-tenantnet completion bash), or save it to /etc/bash_completion.d/kubectl-tenantnet.\n' +
      'zsh: kubectl-tenantnet completion zsh > "${fpath[1]}/_kubectl-tenantnet".\n' +
      'For `kubectl tenantnet <TAB>`, kubectl (1.26 or later) runs kubectl_complete-tenantnet from PATH, which\n' +
      'ships next to kubectl-tenantnet.',
    positionals: { min: 1, max: 1, what: 'SHELL' },
    arguments: ['shell'],
    flags: [],
    examples: ['source <(kubectl-tenantnet completion bash)'],
  },
};

export function isCommandName(value: string): value is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(value);
}

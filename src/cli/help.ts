// `--help` text, rendered from the command specs.
import { COMMAND_NAMES, COMMANDS, FLAGS, GLOBAL_FLAGS, type CommandName, type FlagName } from './command-specs.js';
import { EXIT } from './exit-codes.js';

const PROGRAM = 'kubectl tenantnet';

function flagLine(name: FlagName, outputs?: readonly string[]): [string, string] {
  const spec = FLAGS[name];
  const value = name === 'output' && outputs !== undefined ? outputs.join('|') : spec.value;
  const head = `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${value === undefined ? '' : ` ${value}`}`;
  return [head, spec.help];
}

function columns(rows: readonly (readonly [string, string])[], indent = '  '): string {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd()).join('\n');
}

export function rootHelp(): string {
  const commands = COMMAND_NAMES.map((name): [string, string] => [name, COMMANDS[name].summary]);
  const exitCodes: [string, string][] = [
    [`${EXIT.ok}`, 'success'],
    [`${EXIT.error}`, 'the API call failed or something unexpected happened'],
    [`${EXIT.usage}`, 'bad command line'],
    [`${EXIT.notFound}`, 'a named project, workspace or connection does not exist'],
    [`${EXIT.unavailable}`, 'the API server cannot be reached, or the sdn.kubesphere.io CRDs are not installed'],
    [`${EXIT.forbidden}`, 'the API server refused the request (RBAC)'],
    [`${EXIT.checkFailed}`, 'check: a check failed'],
  ];
  return [
    `${PROGRAM}: see and toggle the network connectivity of KubeSphere workspaces and projects.`,
    '',
    'Usage:',
    `  ${PROGRAM} COMMAND [ARGS] [FLAGS]`,
    '',
    'Commands:',
    columns(commands),
    '',
    'Flags (every command):',
    columns([...GLOBAL_FLAGS.map((f) => flagLine(f)), flagLine('version')]),
    '',
    'Exit codes:',
    columns(exitCodes),
    '',
    `Run '${PROGRAM} COMMAND --help' for the details of a command.`,
    '',
  ].join('\n');
}

export function commandHelp(name: CommandName): string {
  const spec = COMMANDS[name];
  const flags = spec.flags.map((f) => flagLine(f, spec.outputs));
  return [
    `${spec.summary}.`,
    '',
    'Usage:',
    `  ${PROGRAM} ${spec.usage}`,
    '',
    spec.description,
    '',
    ...(flags.length === 0 ? [] : ['Flags:', columns(flags), '']),
    'Global flags:',
    columns(GLOBAL_FLAGS.map((f) => flagLine(f))),
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

export function usageHint(topic: CommandName | undefined): string {
  return `Run '${PROGRAM}${topic === undefined ? '' : ` ${topic}`} --help' for usage.`;
}

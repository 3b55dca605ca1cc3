// The command line as a value: which command, its arguments and flags, or why it cannot run.
// Flags may come before or after the command (kubectl passes everything after `tenantnet`).
import { DNS_LABEL_PATTERN, WORKSPACE_NAME_PATTERN } from '../api/names.js';
import { MAX_CONNECTION_PORTS, type DefaultedConnectionPort } from '../api/project-connection.js';
import { COMMANDS, FLAG_NAMES, FLAGS, GLOBAL_FLAGS, isCommandName, type CommandName, type FlagName } from './command-specs.js';
import { parsePortSpec } from './port-spec.js';

export type OutputFormat = 'table' | 'json' | 'html';
export type ColorMode = 'auto' | 'always' | 'never';

export interface GlobalOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly color: ColorMode;
}

export type CliCommand =
  | { readonly name: 'status'; readonly workspace?: string; readonly output: 'table' | 'json' }
  | { readonly name: 'matrix'; readonly workspaces: readonly string[]; readonly output: OutputFormat }
  | { readonly name: 'connect'; readonly from: string; readonly to: string; readonly oneWay: boolean; readonly ports: readonly DefaultedConnectionPort[] }
  | { readonly name: 'disconnect'; readonly a: string; readonly b: string }
  | { readonly name: 'isolate' | 'open'; readonly project: string }
  | { readonly name: 'workspace'; readonly workspace: string; readonly intra: 'Allow' | 'Deny' };

export type ParsedArgs =
  | { readonly kind: 'run'; readonly command: CliCommand; readonly global: GlobalOptions }
  | { readonly kind: 'help'; readonly topic: CommandName | undefined }
  | { readonly kind: 'version' }
  | { readonly kind: 'usageError'; readonly message: string; readonly topic: CommandName | undefined };

interface Tokens {
  readonly positionals: string[];
  readonly flags: Map<FlagName, string[]>;
}

type TokenResult = { readonly ok: true; readonly tokens: Tokens } | { readonly ok: false; readonly message: string };

function flagByName(name: string): FlagName | undefined {
  return (FLAG_NAMES as readonly string[]).includes(name) ? (name as FlagName) : undefined;
}

function flagByShort(short: string): FlagName | undefined {
  return FLAG_NAMES.find((f) => FLAGS[f].short === short);
}

/** Splits argv into positionals and flags (`--f v`, `--f=v`, `-o v`, `-ov`, `--` ends flags). */
function tokenize(argv: readonly string[]): TokenResult {
  const positionals: string[] = [];
  const flags = new Map<FlagName, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: FlagName | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const raw = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      name = flagByName(raw);
      if (name === undefined) return { ok: false, message: `unknown flag --${raw}` };
    } else if (arg.startsWith('-') && arg.length > 1) {
      name = flagByShort(arg[1] ?? '');
      if (name === undefined) return { ok: false, message: `unknown flag ${arg.slice(0, 2)}` };
      const rest = arg.slice(2);
      inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
    } else {
      positionals.push(arg);
      continue;
    }
    const spec = FLAGS[name];
    let value: string;
    if (spec.value === undefined) {
      if (inline !== undefined) return { ok: false, message: `flag --${name} takes no value` };
      value = 'true';
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = argv[i + 1];
      if (next === undefined) return { ok: false, message: `flag --${name} needs a value (${spec.value})` };
      value = next;
      i++;
    }
    const seen = flags.get(name) ?? [];
    if (seen.length > 0 && spec.repeatable !== true) return { ok: false, message: `flag --${name} given more than once` };
    flags.set(name, [...seen, value]);
  }
  return { ok: true, tokens: { positionals, flags } };
}

function usageError(message: string, topic: CommandName | undefined): ParsedArgs {
  return { kind: 'usageError', message, topic };
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const tokenized = tokenize(argv);
  const first = argv.find((a) => !a.startsWith('-'));
  const guessedTopic = first !== undefined && isCommandName(first) ? first : undefined;
  if (!tokenized.ok) return usageError(tokenized.message, guessedTopic);
  const { positionals, flags } = tokenized.tokens;
  const [commandWord, ...args] = positionals;

  if (commandWord === 'help') {
    const topic = args[0];
    if (topic === undefined) return { kind: 'help', topic: undefined };
    return isCommandName(topic) ? { kind: 'help', topic } : usageError(`unknown command ${JSON.stringify(topic)}`, undefined);
  }
  if (commandWord === undefined) {
    if (flags.has('version')) return { kind: 'version' };
    if (flags.has('help')) return { kind: 'help', topic: undefined };
    return usageError('no command given', undefined);
  }
  if (!isCommandName(commandWord)) return usageError(`unknown command ${JSON.stringify(commandWord)}`, undefined);
  const command = commandWord;
  if (flags.has('help')) return { kind: 'help', topic: command };

  const spec = COMMANDS[command];
  for (const flag of flags.keys()) {
    if (!GLOBAL_FLAGS.includes(flag) && !spec.flags.includes(flag)) return usageError(`flag --${flag} does not apply to ${command}`, command);
  }
  const { min, max, what } = spec.positionals;
  if (args.length < min) return usageError(`${command} needs ${what}`, command);
  if (max !== undefined && args.length > max) return usageError(`${command} takes ${max === 0 ? 'no arguments' : what}; unexpected ${JSON.stringify(args[max])}`, command);

  const global = globalOptions(flags);
  if ('message' in global) return usageError(global.message, command);
  const built = buildCommand(command, args, flags);
  if ('message' in built) return usageError(built.message, command);
  return { kind: 'run', command: built, global };
}

function single(flags: Map<FlagName, string[]>, name: FlagName): string | undefined {
  return flags.get(name)?.[0];
}

function globalOptions(flags: Map<FlagName, string[]>): GlobalOptions | { message: string } {
  const color = single(flags, 'color') ?? 'auto';
  if (color !== 'auto' && color !== 'always' && color !== 'never') return { message: `--color must be auto, always or never, not ${JSON.stringify(color)}` };
  const kubeconfig = single(flags, 'kubeconfig');
  const context = single(flags, 'context');
  if (kubeconfig === '') return { message: '--kubeconfig needs a path' };
  if (context === '') return { message: '--context needs a name' };
  return { color, ...(kubeconfig === undefined ? {} : { kubeconfig }), ...(context === undefined ? {} : { context }) };
}

const PROJECT_NAME = new RegExp(DNS_LABEL_PATTERN);
const WORKSPACE_NAME = new RegExp(WORKSPACE_NAME_PATTERN);

function checkProject(name: string): string | undefined {
  return PROJECT_NAME.test(name) && name.length <= 63 ? undefined : `${JSON.stringify(name)} is not a valid project name (a namespace name: lower-case letters, digits and '-', at most 63)`;
}

function checkWorkspace(name: string): string | undefined {
  return WORKSPACE_NAME.test(name) && name.length <= 63 ? undefined : `${JSON.stringify(name)} is not a valid workspace name`;
}

function buildCommand(command: CommandName, args: readonly string[], flags: Map<FlagName, string[]>): CliCommand | { message: string } {
  const output = single(flags, 'output');
  const outputs = COMMANDS[command].outputs;
  if (output !== undefined && outputs !== undefined && !outputs.includes(output)) {
    return { message: `-o must be one of ${outputs.join(', ')}, not ${JSON.stringify(output)}` };
  }
  const firstProblem = (checks: readonly (string | undefined)[]): { message: string } | undefined => {
    const problem = checks.find((c) => c !== undefined);
    return problem === undefined ? undefined : { message: problem };
  };
  const [a = '', b = ''] = args;
  switch (command) {
    case 'status':
      return firstProblem(args.map(checkWorkspace)) ?? { name: 'status', output: output === 'json' ? 'json' : 'table', ...(args[0] === undefined ? {} : { workspace: a }) };
    case 'matrix':
      return firstProblem(args.map(checkWorkspace)) ?? { name: 'matrix', workspaces: [...new Set(args)], output: (output ?? 'table') as OutputFormat };
    case 'connect': {
      const problem = firstProblem([checkProject(a), checkProject(b), a === b ? `cannot connect ${a} to itself: a project always reaches itself` : undefined]);
      if (problem !== undefined) return problem;
      const ports: DefaultedConnectionPort[] = [];
      for (const text of flags.get('port') ?? []) {
        const parsed = parsePortSpec(text);
        if (!parsed.ok) return { message: parsed.message };
        ports.push(parsed.port);
      }
      if (ports.length > MAX_CONNECTION_PORTS) return { message: `at most ${MAX_CONNECTION_PORTS} --port flags` };
      return { name: 'connect', from: a, to: b, oneWay: flags.has('one-way'), ports };
    }
    case 'disconnect':
      return firstProblem([checkProject(a), checkProject(b), a === b ? 'disconnect needs two different projects' : undefined]) ?? { name: 'disconnect', a, b };
    case 'isolate':
    case 'open':
      return firstProblem([checkProject(a)]) ?? { name: command, project: a };
    case 'workspace': {
      const problem = firstProblem([checkWorkspace(a)]);
      if (problem !== undefined) return problem;
      const intra = single(flags, 'intra')?.toLowerCase();
      if (intra === undefined) return { message: 'workspace needs --intra allow or --intra deny' };
      if (intra !== 'allow' && intra !== 'deny') return { message: `--intra must be allow or deny, not ${JSON.stringify(intra)}` };
      return { name: 'workspace', workspace: a, intra: intra === 'allow' ? 'Allow' : 'Deny' };
    }
  }
}

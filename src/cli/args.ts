// The command line as a value: which command, its arguments and flags, or why it cannot run.
// Flags may come before or after the command (kubectl passes everything after `tenantnet`).
import { buildCommand, type Flags } from './build-command.js';
import type { CliCommand, GlobalOptions } from './cli-command.js';
import { COMMANDS, FLAG_NAMES, FLAGS, GLOBAL_FLAGS, isCommandName, type CommandName, type FlagName } from './command-specs.js';

export type { CliCommand, GlobalOptions } from './cli-command.js';

/** The hidden command shell completion calls (cobra's protocol, which kubectl's plugin completion speaks). */
export const COMPLETE_COMMAND = '__complete';

export type ParsedArgs =
  | { readonly kind: 'run'; readonly command: CliCommand; readonly global: GlobalOptions }
  | { readonly kind: 'complete'; readonly words: readonly string[] }
  | { readonly kind: 'help'; readonly topic: CommandName | undefined }
  | { readonly kind: 'version' }
  | { readonly kind: 'usageError'; readonly message: string; readonly topic: CommandName | undefined };

interface Tokens {
  readonly positionals: string[];
  readonly flags: Flags;
}

type TokenResult = { readonly ok: true; readonly tokens: Tokens } | { readonly ok: false; readonly message: string };

function flagByName(name: string): FlagName | undefined {
  return (FLAG_NAMES as readonly string[]).includes(name) ? (name as FlagName) : undefined;
}

function flagByShort(short: string): FlagName | undefined {
  return FLAG_NAMES.find((f) => FLAGS[f].short === short);
}

/** Splits argv into positionals and flags (`--f v`, `--f=v`, `-o v`, `-ov`, `--` ends flags). */
export function tokenize(argv: readonly string[]): TokenResult {
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
  if (argv[0] === COMPLETE_COMMAND) return { kind: 'complete', words: argv.slice(1) };
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

export function globalOptions(flags: Flags): GlobalOptions | { message: string } {
  const color = flags.get('color')?.[0] ?? 'auto';
  if (color !== 'auto' && color !== 'always' && color !== 'never') return { message: `--color must be auto, always or never, not ${JSON.stringify(color)}` };
  const kubeconfig = flags.get('kubeconfig')?.[0];
  const context = flags.get('context')?.[0];
  const controllerNamespace = flags.get('controller-namespace')?.[0];
  if (kubeconfig === '') return { message: '--kubeconfig needs a path' };
  if (context === '') return { message: '--context needs a name' };
  if (controllerNamespace === '') return { message: '--controller-namespace needs a namespace' };
  return {
    color,
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    ...(context === undefined ? {} : { context }),
    ...(controllerNamespace === undefined ? {} : { controllerNamespace }),
  };
}


// What to offer for the word being completed, from the words before it and the command specs:
// the commands, a command's flags, a flag's fixed values, or which names to look up in the cluster.
// Pure; the answer is printed in cobra's `__complete` protocol, which kubectl's plugin completion
// (kubectl_complete-tenantnet) speaks.
import { COMMAND_NAMES, COMMANDS, FLAG_NAMES, FLAGS, GLOBAL_FLAGS, isCommandName, type ArgumentKind, type FlagName } from '../command-specs.js';

/** cobra's ShellCompDirective bits that matter here. */
export const DIRECTIVE = { default: 0, noSpace: 2, noFileComp: 4 } as const;

export type NameKind = 'workspace' | 'project' | 'namespace';

export type CompletionNeed =
  | { readonly kind: 'fixed'; readonly candidates: readonly string[]; readonly directive: number }
  | { readonly kind: 'names'; readonly of: NameKind; readonly prefix: string; readonly format?: (name: string) => string; readonly also?: readonly string[] }
  | { readonly kind: 'files' };

function flagNamed(word: string): FlagName | undefined {
  if (word.startsWith('--')) return FLAG_NAMES.find((f) => f === word.slice(2));
  if (word.startsWith('-') && word.length === 2) return FLAG_NAMES.find((f) => FLAGS[f].short === word[1]);
  return undefined;
}

function fixed(candidates: readonly string[], prefix: string, directive: number = DIRECTIVE.noFileComp): CompletionNeed {
  return { kind: 'fixed', candidates: candidates.filter((c) => c.startsWith(prefix)), directive };
}

/** The values of a flag that takes one, or undefined when anything goes (files, names). */
function flagValues(flag: FlagName, command: string | undefined): readonly string[] | undefined {
  if (flag === 'output') return command !== undefined && isCommandName(command) ? COMMANDS[command].outputs ?? [] : [];
  return FLAGS[flag].choices;
}

function positional(kind: ArgumentKind, index: number, previous: readonly string[], prefix: string): CompletionNeed {
  switch (kind) {
    case 'workspace':
      return { kind: 'names', of: 'workspace', prefix };
    case 'project':
      return { kind: 'names', of: 'project', prefix };
    case 'endpoint':
      return { kind: 'names', of: 'namespace', prefix };
    case 'flow':
      return fixed(['tcp/80', 'tcp/443', 'udp/53', 'tcp/53'], prefix);
    case 'shell':
      return fixed(['bash', 'zsh'], prefix);
    case 'bandwidth-target':
      if (index === 0) return { kind: 'names', of: 'workspace', prefix, also: ['set'] };
      if (previous[0] !== 'set' || index > 1) return fixed([], prefix);
      if (prefix.startsWith('workspace/')) return { kind: 'names', of: 'workspace', prefix: prefix.slice('workspace/'.length), format: (n) => `workspace/${n}` };
      if (prefix.startsWith('project/')) return { kind: 'names', of: 'project', prefix: prefix.slice('project/'.length), format: (n) => `project/${n}` };
      return { kind: 'fixed', candidates: ['workspace/', 'project/'].filter((c) => c.startsWith(prefix)), directive: DIRECTIVE.noFileComp | DIRECTIVE.noSpace };
    case 'none':
      return fixed([], prefix);
  }
}

/** `words`: the arguments after the program name; the last one is being typed (maybe ''). */
export function completionNeed(words: readonly string[]): CompletionNeed {
  const current = words.at(-1) ?? '';
  const before = words.slice(0, -1);
  const positionals: string[] = [];
  let pendingFlag: FlagName | undefined;
  for (const word of before) {
    if (pendingFlag !== undefined) {
      pendingFlag = undefined;
      continue;
    }
    const flag = flagNamed(word);
    if (flag !== undefined) {
      if (FLAGS[flag].value !== undefined && !word.includes('=')) pendingFlag = flag;
      continue;
    }
    if (!word.startsWith('-')) positionals.push(word);
  }
  const [command, ...args] = positionals;
  if (pendingFlag !== undefined) {
    const values = flagValues(pendingFlag, command);
    return values === undefined ? (pendingFlag === 'kubeconfig' ? { kind: 'files' } : fixed([], current)) : fixed(values, current);
  }
  if (current.startsWith('-')) {
    const flags = command !== undefined && isCommandName(command) ? [...GLOBAL_FLAGS, ...COMMANDS[command].flags] : [...GLOBAL_FLAGS, 'version' as const];
    return fixed(flags.map((f) => `--${f}`), current);
  }
  if (command === undefined) return fixed(COMMAND_NAMES, current);
  if (!isCommandName(command)) return fixed([], current);
  const kinds = COMMANDS[command].arguments;
  const { max } = COMMANDS[command].positionals;
  if (max !== undefined && args.length >= max) return fixed([], current);
  const kind = kinds[Math.min(args.length, kinds.length - 1)] ?? 'none';
  return positional(kind, args.length, args, current);
}

/** cobra's output: one candidate per line, then `:DIRECTIVE`. */
export function completionOutput(candidates: readonly string[], directive: number): string {
  return `${candidates.map((c) => `${c}\n`).join('')}:${directive}\n`;
}

// One invocation: parse, connect, run the command, turn every outcome into output and an exit code.
import { readFileSync } from 'node:fs';
import { parseArgs, type CliCommand, type GlobalOptions } from './args.js';
import type { CommandContext, CommandResult } from './commands/context.js';
import { runConnect, runDisconnect } from './commands/connections.js';
import { runMatrix } from './commands/matrix.js';
import { runStatus } from './commands/status.js';
import { runIsolation, runWorkspace } from './commands/toggles.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { commandHelp, rootHelp, usageHint } from './help.js';
import { colorEnabled, createStyle } from './render/style.js';
import { failureOf } from './failure.js';
import type { Session } from './session.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly stdoutIsTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliDependencies {
  readonly openSession?: (global: GlobalOptions) => Promise<Session>;
  readonly now?: () => Date;
}

function dispatch(command: CliCommand, ctx: CommandContext): CommandResult {
  switch (command.name) {
    case 'status':
      return runStatus(command, ctx);
    case 'matrix':
      return runMatrix(command, ctx);
    case 'connect':
      return runConnect(command, ctx);
    case 'disconnect':
      return runDisconnect(command, ctx);
    case 'isolate':
    case 'open':
      return runIsolation(command, ctx);
    case 'workspace':
      return runWorkspace(command, ctx);
  }
}

export function cliVersion(): string {
  try {
    // Two levels up from src/cli and from dist/cli alike.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function runCli(argv: readonly string[], io: CliIo, deps: CliDependencies = {}): Promise<ExitCode> {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout(parsed.topic === undefined ? rootHelp() : commandHelp(parsed.topic));
      return EXIT.ok;
    case 'version':
      io.stdout(`kubectl-tenantnet ${cliVersion()}\n`);
      return EXIT.ok;
    case 'usageError':
      io.stderr(`error: ${parsed.message}\n${usageHint(parsed.topic)}\n`);
      return EXIT.usage;
    case 'run':
      break;
  }
  let session: Session | undefined;
  try {
    // Loaded only to run a command: --help, --version and usage errors need no HTTP client or
    // kubeconfig loader.
    const open = deps.openSession ?? (await import('./session.js')).openSession;
    session = await open(parsed.global);
    const ctx: CommandContext = {
      client: session.client,
      source: session.source,
      style: createStyle(colorEnabled(parsed.global.color, io.stdoutIsTty, io.env)),
      out: (text) => { io.stdout(text); },
      err: (text) => { io.stderr(text); },
      now: deps.now ?? (() => new Date()),
    };
    return await dispatch(parsed.command, ctx);
  } catch (err) {
    const failure = failureOf(err);
    io.stderr(`error: ${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await session?.client.close();
  }
}

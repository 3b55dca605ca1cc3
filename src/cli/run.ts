// One invocation: parse, connect, run the command, turn every outcome into output and an exit code.
import { parseArgs, type CliCommand, type GlobalOptions } from './args.js';
import { runBandwidth, runBandwidthSet } from './commands/bandwidth.js';
import { runCheck } from './commands/check.js';
import { runConnect, runDisconnect } from './commands/connections.js';
import { commandContext, type CommandContext, type CommandResult } from './commands/context.js';
import { runMatrix } from './commands/matrix.js';
import { runStatus } from './commands/status.js';
import { runIsolation, runWorkspace } from './commands/toggles.js';
import { runTop } from './commands/top.js';
import { runWhy } from './commands/why.js';
import { bashCompletion, zshCompletion } from './completion/scripts.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { failureOf } from './failure.js';
import { commandHelp, rootHelp, usageHint } from './help.js';
import { colorEnabled, createStyle } from './render/style.js';
import type { Session } from './session.js';
import { cliVersion } from './version.js';

export { cliVersion } from './version.js';

/** The program's name on PATH: kubectl runs `kubectl tenantnet` as this. */
export const PROGRAM = 'kubectl-tenantnet';

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

function dispatch(command: Exclude<CliCommand, { name: 'completion' }>, ctx: CommandContext): CommandResult {
  switch (command.name) {
    case 'status':
      return runStatus(command, ctx);
    case 'matrix':
      return runMatrix(command, ctx);
    case 'why':
      return runWhy(command, ctx);
    case 'top':
      return runTop(command, ctx);
    case 'bandwidth':
      return runBandwidth(command, ctx);
    case 'bandwidth-set':
      return runBandwidthSet(command, ctx);
    case 'check':
      return runCheck(command, ctx);
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

export async function runCli(argv: readonly string[], io: CliIo, deps: CliDependencies = {}): Promise<ExitCode> {
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'help':
      io.stdout(parsed.topic === undefined ? rootHelp() : commandHelp(parsed.topic));
      return EXIT.ok;
    case 'version':
      io.stdout(`${PROGRAM} ${cliVersion()}\n`);
      return EXIT.ok;
    case 'usageError':
      io.stderr(`error: ${parsed.message}\n${usageHint(parsed.topic)}\n`);
      return EXIT.usage;
    case 'complete': {
      const { runComplete } = await import('./commands/complete.js');
      io.stdout(await runComplete(parsed.words, io.env));
      return EXIT.ok;
    }
    case 'run':
      break;
  }
  const command = parsed.command;
  if (command.name === 'completion') {
    io.stdout(command.shell === 'bash' ? bashCompletion(PROGRAM) : zshCompletion(PROGRAM));
    return EXIT.ok;
  }
  let session: Session | undefined;
  try {
    // Loaded only to run a command: --help, --version and usage errors need no HTTP client or
    // kubeconfig loader.
    const open = deps.openSession ?? (await import('./session.js')).openSession;
    session = await open(parsed.global);
    const ctx = commandContext({
      client: session.client,
      source: session.source,
      style: createStyle(colorEnabled(parsed.global.color, io.stdoutIsTty, io.env)),
      global: parsed.global,
      out: (text) => { io.stdout(text); },
      err: (text) => { io.stderr(text); },
      now: deps.now ?? (() => new Date()),
    });
    return await dispatch(command, ctx);
  } catch (err) {
    const failure = failureOf(err);
    io.stderr(`error: ${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await session?.client.close();
  }
}

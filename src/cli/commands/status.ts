// `status [WORKSPACE] [-o wide|json|yaml|name]`
import type { CliCommand } from '../cli-command.js';
import { EXIT, notFound } from '../exit-codes.js';
import { lookupWorkspace } from '../lookup.js';
import { snapshotGraph } from '../model-input.js';
import { renderStatus } from '../render/status-output.js';
import { statusReport } from '../status-report.js';
import type { CommandContext, CommandResult } from './context.js';

export async function runStatus(command: Extract<CliCommand, { name: 'status' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  if (command.workspace !== undefined) {
    const found = lookupWorkspace(snapshot, command.workspace);
    if (!found.ok) throw notFound(found.message);
  }
  const report = statusReport(snapshot, snapshotGraph(snapshot), command.workspace);
  ctx.out(renderStatus(report, command.output, ctx.style));
  return EXIT.ok;
}

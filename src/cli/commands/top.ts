// `top [WORKSPACE] [--sort-by …]`
import type { CliCommand } from '../cli-command.js';
import { EXIT, notFound } from '../exit-codes.js';
import { lookupWorkspace } from '../lookup.js';
import { snapshotGraph } from '../model-input.js';
import { renderTop } from '../render/top-output.js';
import { trafficReport } from '../traffic-report.js';
import type { CommandContext, CommandResult } from './context.js';

export async function runTop(command: Extract<CliCommand, { name: 'top' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  if (command.workspace !== undefined) {
    const found = lookupWorkspace(snapshot, command.workspace);
    if (!found.ok) throw notFound(found.message);
  }
  const report = trafficReport(snapshot, snapshotGraph(snapshot), { sortBy: command.sortBy, now: ctx.now(), ...(command.workspace === undefined ? {} : { workspace: command.workspace }) });
  ctx.out(renderTop(report, command.output, ctx.style));
  return EXIT.ok;
}

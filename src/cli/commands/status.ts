// `status [WORKSPACE] [-o table|json]`
import type { CliCommand } from '../args.js';
import { EXIT, notFound } from '../exit-codes.js';
import { fetchSnapshot } from '../fetch-snapshot.js';
import { lookupWorkspace } from '../lookup.js';
import { snapshotGraph } from '../model-input.js';
import { renderStatusText } from '../render/status-text.js';
import { statusReport } from '../status-report.js';
import type { CommandContext, CommandResult } from './context.js';

export async function runStatus(command: Extract<CliCommand, { name: 'status' }>, ctx: CommandContext): CommandResult {
  const snapshot = await fetchSnapshot(ctx.client);
  if (command.workspace !== undefined) {
    const found = lookupWorkspace(snapshot, command.workspace);
    if (!found.ok) throw notFound(found.message);
  }
  const report = statusReport(snapshot, snapshotGraph(snapshot), command.workspace);
  ctx.out(command.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderStatusText(report, ctx.style));
  return EXIT.ok;
}

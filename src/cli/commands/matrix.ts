// `matrix [WORKSPACE...] [-o table|json|html]`
import type { CliCommand } from '../args.js';
import { EXIT, notFound } from '../exit-codes.js';
import { fetchSnapshot } from '../fetch-snapshot.js';
import { lookupWorkspace } from '../lookup.js';
import { matrixReport } from '../matrix-report.js';
import { connectivityInputOf, snapshotGraph } from '../model-input.js';
import { renderMatrixHtml } from '../render/matrix-html.js';
import { renderMatrixJson } from '../render/matrix-json.js';
import { renderMatrixText } from '../render/matrix-text.js';
import type { CommandContext, CommandResult } from './context.js';

export async function runMatrix(command: Extract<CliCommand, { name: 'matrix' }>, ctx: CommandContext): CommandResult {
  const snapshot = await fetchSnapshot(ctx.client);
  for (const ws of command.workspaces) {
    const found = lookupWorkspace(snapshot, ws);
    if (!found.ok) throw notFound(found.message);
  }
  const input = connectivityInputOf(snapshotGraph(snapshot), snapshot.systemNamespaces);
  const report = matrixReport(input, command.workspaces);
  switch (command.output) {
    case 'json':
      ctx.out(renderMatrixJson(report));
      break;
    case 'html':
      ctx.out(renderMatrixHtml(report, { generatedAt: ctx.now().toISOString(), source: ctx.source }));
      break;
    case 'table':
      ctx.out(renderMatrixText(report, ctx.style));
      break;
  }
  return EXIT.ok;
}

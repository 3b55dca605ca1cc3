// `matrix [WORKSPACE...] [-o wide|json|yaml|name|html]`
import type { CliCommand } from '../cli-command.js';
import { EXIT, notFound } from '../exit-codes.js';
import { lookupWorkspace } from '../lookup.js';
import { matrixReport } from '../matrix-report.js';
import { connectivityInputOf, snapshotGraph } from '../model-input.js';
import { renderMatrixHtml } from '../render/matrix-html.js';
import { renderMatrixJson } from '../render/matrix-json.js';
import { renderMatrixText } from '../render/matrix-text.js';
import { objectName, renderNames } from '../render/names.js';
import type { CommandContext, CommandResult } from './context.js';

export async function runMatrix(command: Extract<CliCommand, { name: 'matrix' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  for (const ws of command.workspaces) {
    const found = lookupWorkspace(snapshot, ws);
    if (!found.ok) throw notFound(found.message);
  }
  const report = matrixReport(connectivityInputOf(snapshotGraph(snapshot), snapshot.settings), command.workspaces);
  switch (command.output) {
    case 'json':
    case 'yaml':
      ctx.out(renderMatrixJson(report, command.output));
      break;
    case 'name':
      ctx.out(renderNames(report.projects.map((p) => objectName('projectNetwork', p.name))));
      break;
    case 'html':
      ctx.out(renderMatrixHtml(report, { generatedAt: ctx.now().toISOString(), source: ctx.source }));
      break;
    case 'table':
    case 'wide':
      ctx.out(renderMatrixText(report, ctx.style, { wide: command.output === 'wide' }));
      break;
  }
  return EXIT.ok;
}

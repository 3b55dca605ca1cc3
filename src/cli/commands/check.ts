// `check`: the installation's health from the outside, as `helm test` runs it: settings found, the
// controller ready, the CRDs served, the webhook answering. Every check runs even when another fails.
import { checkController } from '../check/controller-check.js';
import { checkCrds } from '../check/crds-check.js';
import { checkExitCode, checkReport, pass, skip } from '../check/check-result.js';
import { checkWebhook } from '../check/webhook-check.js';
import type { CliCommand } from '../cli-command.js';
import { describeSource } from '../controller-settings.js';
import { renderCheck } from '../render/check-output.js';
import type { CommandContext, CommandResult } from './context.js';

export async function runCheck(command: Extract<CliCommand, { name: 'check' }>, ctx: CommandContext): CommandResult {
  const loaded = await ctx.settings();
  const settings = loaded.source.kind === 'configMap'
    ? pass('settings', `${describeSource(loaded.source)}, controller namespace ${loaded.settings.namespace}`)
    : skip('settings', `assuming the defaults: ${loaded.source.reason}`);
  const checks = await Promise.all([checkController(ctx.client, loaded, () => ctx.now()), checkCrds(ctx.client), checkWebhook(ctx.client, loaded, () => ctx.now())]);
  const report = checkReport([settings, ...checks]);
  ctx.out(renderCheck(report, command.output, ctx.style));
  return checkExitCode(report);
}

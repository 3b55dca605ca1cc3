// `bandwidth [WORKSPACE]` and `bandwidth set workspace/NAME|project/NAME --ingress Q --egress Q`.
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../api/resources.js';
import { bitsPerSecondOf } from '../../webhook/bandwidth-quantity.js';
import { bandwidthReport, writtenLimits } from '../bandwidth-report.js';
import type { BandwidthChange, CliCommand } from '../cli-command.js';
import { CliError, EXIT, notFound } from '../exit-codes.js';
import { lookupProject, lookupWorkspace } from '../lookup.js';
import { snapshotGraph } from '../model-input.js';
import { renderBandwidth } from '../render/bandwidth-output.js';
import { byName } from '../snapshot.js';
import type { Limits } from '../status-report.js';
import { writerFor } from '../writes.js';
import type { CommandContext, CommandResult } from './context.js';

const CONTROLLER_HINT = 'the controller creates it; is the controller running?';

export async function runBandwidth(command: Extract<CliCommand, { name: 'bandwidth' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  if (command.workspace !== undefined) {
    const found = lookupWorkspace(snapshot, command.workspace);
    if (!found.ok) throw notFound(found.message);
  }
  ctx.out(renderBandwidth(bandwidthReport(snapshot, snapshotGraph(snapshot), command.workspace), command.output, ctx.style));
  return EXIT.ok;
}

/** The limits after the change: a quantity replaces, null removes, absent keeps. */
export function changedLimits(current: Limits, change: BandwidthChange): Limits {
  const pick = (direction: 'ingress' | 'egress'): { ingress?: string } | { egress?: string } => {
    const next = change[direction] === undefined ? current[direction] : change[direction];
    return next === null || next === undefined ? {} : { [direction]: next };
  };
  return { ...pick('ingress'), ...pick('egress') };
}

/** Same limits, compared as bits per second (`1000k` is `1M`). */
function sameLimits(a: Limits, b: Limits): boolean {
  return bitsPerSecondOf(a.ingress) === bitsPerSecondOf(b.ingress) && bitsPerSecondOf(a.egress) === bitsPerSecondOf(b.egress);
}

/** `ingress 100M (was none), egress 50M (was 10M)`: the directions that change. */
export function describeChange(before: Limits, after: Limits): string {
  const parts = (['ingress', 'egress'] as const)
    .filter((d) => bitsPerSecondOf(before[d]) !== bitsPerSecondOf(after[d]))
    .map((d) => `${d} ${after[d] ?? 'none'} (was ${before[d] ?? 'none'})`);
  return parts.join(', ');
}

export async function runBandwidthSet(command: Extract<CliCommand, { name: 'bandwidth-set' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  const graph = snapshotGraph(snapshot);
  const { kind, name } = command.target;
  const found = kind === 'workspace' ? lookupWorkspace(snapshot, name) : lookupProject(graph, snapshot, name);
  if (!found.ok) throw notFound(found.message);
  const object = kind === 'workspace' ? byName(snapshot.workspaceNetworks).get(name) : byName(snapshot.projectNetworks).get(name);
  const type = kind === 'workspace' ? WORKSPACE_NETWORKS : PROJECT_NETWORKS;
  const resource = kind === 'workspace' ? 'workspacenetwork' : 'projectnetwork';
  if (object === undefined) throw new CliError(EXIT.error, `${kind} ${name} has no ${kind === 'workspace' ? 'WorkspaceNetwork' : 'ProjectNetwork'} yet: ${CONTROLLER_HINT}`);
  const before = writtenLimits(object.spec.bandwidth);
  const after = changedLimits(before, command.change);
  if (sameLimits(before, after)) {
    ctx.out(`${resource}/${name} unchanged: bandwidth ingress ${before.ingress ?? 'none'}, egress ${before.egress ?? 'none'}\n`);
    return EXIT.ok;
  }
  const write = writerFor(ctx.client, command.dryRun);
  await write.mergePatch(type, name, { spec: { bandwidth: { ingress: command.change.ingress, egress: command.change.egress } } });
  ctx.out(`${resource}/${name} configured${write.suffix}: bandwidth ${describeChange(before, after)}\n`);
  if (kind === 'workspace') {
    // Projects with their own limit in a changed direction keep it.
    for (const p of bandwidthReport(snapshot, graph, name).projects) {
      const own = (['ingress', 'egress'] as const).filter((d) => bitsPerSecondOf(before[d]) !== bitsPerSecondOf(after[d]) && p.override[d] !== undefined);
      if (own.length > 0) ctx.err(`note: project ${p.name} sets its own ${own.map((d) => `${d} (${p.override[d] ?? ''})`).join(' and ')}, which still applies to it\n`);
    }
  }
  ctx.err('note: new pods get the new limit; running pods keep theirs until they are re-created\n');
  return EXIT.ok;
}

// Workspace → WorkspaceNetwork: creates and keeps one per KubeSphere workspace, reserves its VPC
// range, asks the provider for the VPC, reports status. Deleting the workspace deletes the
// WorkspaceNetwork, whose finalizer waits for its projects to go, then removes the VPC and frees
// the range. The opening (create, adopt, delete, finalize) is the shared lifecycle; what to do
// next is planWorkspace's (plan.ts); this file observes and applies.
import { API_GROUP_VERSION, CONTROLLER_NAME, FINALIZER, KIND_WORKSPACE_NETWORK, KUBESPHERE_TENANT_GROUP, LABEL_MANAGED_BY } from '../../api/constants.js';
import { CONDITION_READY } from '../../api/conditions.js';
import { WORKSPACE_KIND, WORKSPACE_STORAGE_VERSION } from '../../api/external/kubesphere-workspace.js';
import { WORKSPACE_NETWORKS } from '../../api/resources.js';
import { workspaceNetworkSpecWithDefaults, type WorkspaceNetwork } from '../../api/workspace-network.js';
import { setConditions } from '../../kube/conditions.js';
import type { Reconciler, ReconcileResult } from '../../kube/controller.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../kube/finalizers.js';
import type { KubeObject } from '../../kube/kube-client.js';
import { patchStatusIfChanged } from '../../kube/status.js';
import { isDeleting } from '../../model/index.js';
import { adoptionPatch, bindingOf } from '../binding.js';
import { INDEX_BY_WORKSPACE } from '../caches.js';
import type { ControllerContext } from '../context.js';
import { planLifecycle, runLifecycle } from '../lifecycle.js';
import { createUnlessCacheBehind, liveAfterFailure } from '../live-after-failure.js';
import { askProvider, isExhaustion } from '../outcome.js';
import { applyReport, condition, degradedShown, readyReasonOf, type StatusUpdate } from '../report.js';
import { planWorkspace, type RangeOutcome, type WorkspaceObserved } from './plan.js';

type Wsn = WorkspaceNetwork & KubeObject;

const REGARDING = { apiVersion: API_GROUP_VERSION, kind: KIND_WORKSPACE_NETWORK };

export function createWorkspaceReconciler(ctx: ControllerContext): Reconciler {
  return async (name, { signal, failures }) => {
    const workspace = ctx.caches.workspaces.get(name);
    const wsn = await liveAfterFailure(ctx.client, WORKSPACE_NETWORKS, name, ctx.caches.workspaceNetworks.get(name), failures, signal);
    const alive = workspace !== undefined && !isDeleting(workspace);
    const workspaceUid = workspace?.metadata?.uid ?? '';
    const owner = { apiVersion: `${KUBESPHERE_TENANT_GROUP}/${WORKSPACE_STORAGE_VERSION}`, kind: WORKSPACE_KIND, name, uid: workspaceUid };
    const steps = planLifecycle({
      wanted: alive,
      ...(wsn === undefined ? {} : { object: { deleting: isDeleting(wsn), hasFinalizer: hasFinalizer(wsn, FINALIZER), binding: bindingOf(wsn, WORKSPACE_KIND, alive ? workspaceUid : undefined) } }),
    });
    return runLifecycle<Wsn>(steps, wsn, {
      finalize: (object) => finalize(ctx, object, signal),
      // Created ahead of its workspace (e.g. to request a range): wait for it.
      waitForOwner: (object) => writeStatus(ctx, object, { fields: { phase: 'Pending' }, conditions: [condition(CONDITION_READY, false, 'WaitingForWorkspace', `workspace ${name} does not exist`)] }, signal),
      // The workspace is gone, or was re-created (new UID): this network belonged to the old one.
      delete: async (object) => { await ctx.client.delete(WORKSPACE_NETWORKS, name, { uid: object.metadata.uid }); },
      tidy: () => Promise.resolve(),
      create: () => createUnlessCacheBehind<Wsn>(ctx.client, WORKSPACE_NETWORKS, {
        apiVersion: API_GROUP_VERSION,
        kind: KIND_WORKSPACE_NETWORK,
        metadata: { name, labels: { [LABEL_MANAGED_BY]: CONTROLLER_NAME }, finalizers: [FINALIZER], ownerReferences: [{ ...owner, blockOwnerDeletion: false }] },
        spec: { workspace: name },
      }, signal),
      adopt: (object) => ctx.client.mergePatch<Wsn>(WORKSPACE_NETWORKS, name, adoptionPatch(object, owner, FINALIZER), { signal }),
      addFinalizer: (object) => addFinalizer(ctx.client, WORKSPACE_NETWORKS, object, FINALIZER, signal),
      provision: (object) => provision(ctx, object, workspaceUid, signal),
    });
  };
}

/** Observe, ask the plan, act, until the plan reports; then the one status patch. */
async function provision(ctx: ControllerContext, wsn: Wsn, workspaceUid: string, signal: AbortSignal): Promise<ReconcileResult | undefined> {
  const name = wsn.metadata.name ?? '';
  const spec = workspaceNetworkSpecWithDefaults(wsn.spec, ctx.config.provider);
  const readyReason = readyReasonOf(wsn.status);
  let observed: WorkspaceObserved = { provider: spec.provider, controllerProvider: ctx.config.provider, degraded: degradedShown(wsn.status), ...(readyReason === undefined ? {} : { readyReason }) };
  for (;;) {
    const step = planWorkspace(observed);
    switch (step.kind) {
      case 'reserveRange':
        observed = { ...observed, range: reserveRange(ctx, name, spec.cidr, wsn.status?.cidr) };
        break;
      case 'ensureVpc':
        observed = { ...observed, vpc: await askProvider(() => ctx.provider.ensureVpc({ workspace: name, workspaceUid, cidr: step.cidr, ...(wsn.status?.vpcId === undefined ? {} : { knownId: wsn.status.vpcId }) }, signal), 'ProviderError') };
        break;
      case 'report':
        return applyReport(step, {
          warn: (reason, message) => { ctx.events.record({ ...REGARDING, object: wsn }, 'Warning', reason, 'Provision', message); },
          writeStatus: (update) => writeStatus(ctx, wsn, update, signal),
        });
    }
  }
}

/** A new range from the pool, or the recorded one registered again (after a restart it already is). */
function reserveRange(ctx: ControllerContext, name: string, requested: string | undefined, recorded: string | undefined): RangeOutcome {
  if (recorded === undefined) {
    const allocated = ctx.ipam.allocateVpc(name, requested);
    if (allocated.ok) return { ok: true, cidr: allocated.cidr };
    if (isExhaustion(allocated.reason)) ctx.metrics.poolExhausted('vpc');
    return { ok: false, reason: allocated.reason, message: allocated.message };
  }
  if (ctx.ipam.pool.cidrOf(name) === recorded) return { ok: true, cidr: recorded };
  const restored = ctx.ipam.pool.restore(name, recorded);
  return restored.ok ? { ok: true, cidr: recorded } : { ok: false, reason: 'CIDRConflict', message: `recorded range ${recorded} conflicts: ${restored.message}` };
}

/** The status patch, with the project count and the generation it describes. */
async function writeStatus(ctx: ControllerContext, wsn: Wsn, update: StatusUpdate, signal: AbortSignal): Promise<void> {
  const status = {
    ...update.fields,
    projects: ctx.caches.projectNetworks.byIndex(INDEX_BY_WORKSPACE, wsn.metadata.name ?? '').length,
    observedGeneration: wsn.metadata.generation,
    conditions: setConditions(wsn.status?.conditions, update.conditions, wsn.metadata.generation, ctx.now()),
  };
  await patchStatusIfChanged(ctx.client, WORKSPACE_NETWORKS, wsn, status, signal);
}

async function finalize(ctx: ControllerContext, wsn: Wsn, signal: AbortSignal): Promise<ReconcileResult | undefined> {
  if (!hasFinalizer(wsn, FINALIZER)) return undefined;
  const name = wsn.metadata.name ?? '';
  const remaining = ctx.caches.projectNetworks.byIndex(INDEX_BY_WORKSPACE, name);
  if (remaining.length > 0) {
    // Project networks go first (their finalizers free the subnets); their deletion brings us back.
    await writeStatus(ctx, wsn, { fields: { phase: 'Deleting' }, conditions: [condition(CONDITION_READY, false, 'WaitingForProjects', `${remaining.length} project network(s) still being removed`)] }, signal);
    return undefined;
  }
  const workspaceUid = wsn.metadata.ownerReferences?.[0]?.uid ?? '';
  await ctx.provider.deleteVpc({ workspace: name, workspaceUid, ...(wsn.status?.vpcId === undefined ? {} : { id: wsn.status.vpcId }) }, signal);
  // The range is freed only after the provider confirmed the VPC is gone.
  ctx.ipam.releaseVpc(name);
  await removeFinalizer(ctx.client, WORKSPACE_NETWORKS, wsn, FINALIZER, signal);
  return undefined;
}

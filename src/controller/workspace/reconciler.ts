// Workspace → WorkspaceNetwork: creates and keeps one per KubeSphere workspace, allocates its VPC
// range, asks the provider for the VPC, reports status. Deleting the workspace deletes the
// WorkspaceNetwork, whose finalizer waits for its projects to go, then removes the VPC and frees
// the range.
import { API_GROUP_VERSION, CONTROLLER_NAME, FINALIZER, KIND_WORKSPACE_NETWORK, LABEL_MANAGED_BY } from '../../api/constants.js';
import { CONDITION_READY, CONDITION_VPC_PROVISIONED } from '../../api/conditions.js';
import { WORKSPACE_NETWORKS } from '../../api/resources.js';
import { workspaceNetworkSpecWithDefaults, type WorkspaceNetwork } from '../../api/workspace-network.js';
import { WORKSPACE_KIND, WORKSPACE_STORAGE_VERSION } from '../../api/external/kubesphere-workspace.js';
import { KUBESPHERE_TENANT_GROUP } from '../../api/constants.js';
import { setConditions, type ConditionInput } from '../../kube/conditions.js';
import type { Reconciler, ReconcileResult } from '../../kube/controller.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../kube/finalizers.js';
import type { KubeObject } from '../../kube/kube-client.js';
import { patchStatusIfChanged } from '../../kube/status.js';
import { adoptionPatch, bindingOf } from '../binding.js';
import { INDEX_BY_WORKSPACE } from '../caches.js';
import type { ControllerContext } from '../context.js';
import { createUnlessCacheBehind, liveAfterFailure } from '../live-after-failure.js';
import { describeFailure, EXHAUSTION_RECHECK_MS, isExhaustion } from '../outcome.js';

type Wsn = WorkspaceNetwork & KubeObject;

const REGARDING = { apiVersion: API_GROUP_VERSION, kind: KIND_WORKSPACE_NETWORK };

export function createWorkspaceReconciler(ctx: ControllerContext): Reconciler {
  return async (name, { signal, failures }) => {
    const workspace = ctx.caches.workspaces.get(name);
    let wsn = await liveAfterFailure(ctx.client, WORKSPACE_NETWORKS, name, ctx.caches.workspaceNetworks.get(name), failures, signal);
    const alive = workspace !== undefined && workspace.metadata?.deletionTimestamp === undefined;
    const binding = wsn === undefined ? 'unbound' : bindingOf(wsn, WORKSPACE_KIND, alive ? workspace.metadata?.uid : undefined);
    if (wsn !== undefined && (!alive || binding === 'stale')) {
      if (wsn.metadata.deletionTimestamp !== undefined) return finalize(ctx, wsn, signal);
      if (binding === 'unbound') {
        // Created ahead of its workspace (e.g. to request a range): wait for it.
        await writeStatus(ctx, wsn, { phase: 'Pending' }, [{ type: CONDITION_READY, status: 'False', reason: 'WaitingForWorkspace', message: `workspace ${name} does not exist` }], signal);
        return undefined;
      }
      // The workspace is gone, or was re-created (new UID): this network belonged to the old one.
      await ctx.client.delete(WORKSPACE_NETWORKS, name, { uid: wsn.metadata.uid });
      return undefined;
    }
    if (!alive) return undefined;
    const owner = { apiVersion: `${KUBESPHERE_TENANT_GROUP}/${WORKSPACE_STORAGE_VERSION}`, kind: WORKSPACE_KIND, name, uid: workspace.metadata?.uid ?? '' };
    const needsAdoption = wsn !== undefined && binding === 'unbound';
    if (wsn === undefined) {
      wsn = await createUnlessCacheBehind<Wsn>(ctx.client, WORKSPACE_NETWORKS, {
        apiVersion: API_GROUP_VERSION,
        kind: KIND_WORKSPACE_NETWORK,
        metadata: { name, labels: { [LABEL_MANAGED_BY]: CONTROLLER_NAME }, finalizers: [FINALIZER], ownerReferences: [{ ...owner, blockOwnerDeletion: false }] },
        spec: { workspace: name },
      }, signal);
    }
    if (wsn.metadata.deletionTimestamp !== undefined) return finalize(ctx, wsn, signal);
    if (needsAdoption) {
      wsn = await ctx.client.mergePatch<Wsn>(WORKSPACE_NETWORKS, name, adoptionPatch(wsn, owner, FINALIZER), { signal });
    } else if (!hasFinalizer(wsn, FINALIZER)) {
      wsn = await addFinalizer(ctx.client, WORKSPACE_NETWORKS, wsn, FINALIZER, signal);
    }
    return provision(ctx, wsn, workspace.metadata?.uid ?? '', signal);
  };
}

async function writeStatus(ctx: ControllerContext, wsn: Wsn, fields: Record<string, unknown>, conditions: ConditionInput[], signal: AbortSignal): Promise<void> {
  const status = {
    ...fields,
    projects: ctx.caches.projectNetworks.byIndex(INDEX_BY_WORKSPACE, wsn.metadata.name ?? '').length,
    observedGeneration: wsn.metadata.generation,
    conditions: setConditions(wsn.status?.conditions, conditions, wsn.metadata.generation, ctx.now()),
  };
  await patchStatusIfChanged(ctx.client, WORKSPACE_NETWORKS, wsn, status, signal);
}

async function fail(ctx: ControllerContext, wsn: Wsn, reason: string, message: string, signal: AbortSignal, vpcCondition = false): Promise<void> {
  if (wsn.status?.conditions?.find((c) => c.type === CONDITION_READY)?.reason !== reason) {
    ctx.events.record({ ...REGARDING, object: wsn }, 'Warning', reason, 'Provision', message);
  }
  const conditions: ConditionInput[] = [{ type: CONDITION_READY, status: 'False', reason, message }];
  if (vpcCondition) conditions.push({ type: CONDITION_VPC_PROVISIONED, status: 'False', reason, message });
  await writeStatus(ctx, wsn, { phase: 'Failed' }, conditions, signal);
}

async function provision(ctx: ControllerContext, wsn: Wsn, workspaceUid: string, signal: AbortSignal): Promise<ReconcileResult | undefined> {
  const name = wsn.metadata.name ?? '';
  const spec = workspaceNetworkSpecWithDefaults(wsn.spec, ctx.config.provider);
  if (spec.provider !== ctx.config.provider) {
    await fail(ctx, wsn, 'ProviderMismatch', `spec.provider is ${spec.provider} but this controller runs the ${ctx.config.provider} provider`, signal);
    return undefined;
  }

  let cidr = wsn.status?.cidr;
  if (cidr === undefined) {
    const allocated = ctx.ipam.allocateVpc(name, spec.cidr);
    if (!allocated.ok) {
      if (isExhaustion(allocated.reason)) ctx.metrics.poolExhausted('vpc');
      await fail(ctx, wsn, allocated.reason, allocated.message, signal);
      return isExhaustion(allocated.reason) ? { requeueAfterMs: EXHAUSTION_RECHECK_MS } : undefined;
    }
    cidr = allocated.cidr;
  } else if (ctx.ipam.pool.cidrOf(name) !== cidr) {
    const restored = ctx.ipam.pool.restore(name, cidr);
    if (!restored.ok) {
      await fail(ctx, wsn, 'CIDRConflict', `recorded range ${cidr} conflicts: ${restored.message}`, signal);
      return undefined;
    }
  }

  let vpc;
  try {
    vpc = await ctx.provider.ensureVpc({ workspace: name, workspaceUid, cidr, ...(wsn.status?.vpcId === undefined ? {} : { knownId: wsn.status.vpcId }) }, signal);
  } catch (err) {
    const failure = describeFailure(err, 'ProviderError');
    // Keep the allocated range recorded even when the provider fails, so it is never handed out twice.
    if (failure.retryable) {
      await writeStatus(ctx, wsn, { phase: 'Provisioning', cidr, provider: spec.provider }, [
        { type: CONDITION_VPC_PROVISIONED, status: 'False', reason: failure.reason, message: failure.message },
        { type: CONDITION_READY, status: 'False', reason: failure.reason, message: failure.message },
      ], signal);
      throw err;
    }
    await writeStatus(ctx, wsn, { cidr, provider: spec.provider }, [], signal);
    await fail(ctx, ctx.caches.workspaceNetworks.get(name) ?? wsn, failure.reason, failure.message, signal, true);
    return undefined;
  }

  const ready = vpc.ready;
  await writeStatus(ctx, wsn, { phase: ready ? 'Ready' : 'Provisioning', provider: spec.provider, cidr: vpc.cidr, vpcId: vpc.id }, [
    { type: CONDITION_VPC_PROVISIONED, status: ready ? 'True' : 'False', reason: ready ? 'Provisioned' : 'InProgress', message: ready ? `VPC ${vpc.id} (${vpc.cidr})` : vpc.message ?? 'VPC is being created' },
    { type: CONDITION_READY, status: ready ? 'True' : 'False', reason: ready ? 'Provisioned' : 'InProgress', message: ready ? `VPC ${vpc.id} (${vpc.cidr})` : vpc.message ?? 'VPC is being created' },
  ], signal);
  return ready ? undefined : { requeueAfterMs: 2000 };
}

async function finalize(ctx: ControllerContext, wsn: Wsn, signal: AbortSignal): Promise<ReconcileResult | undefined> {
  if (!hasFinalizer(wsn, FINALIZER)) return undefined;
  const name = wsn.metadata.name ?? '';
  const remaining = ctx.caches.projectNetworks.byIndex(INDEX_BY_WORKSPACE, name);
  if (remaining.length > 0) {
    // Project networks go first (their finalizers free the subnets); their deletion brings us back.
    await writeStatus(ctx, wsn, { phase: 'Deleting' }, [{ type: CONDITION_READY, status: 'False', reason: 'WaitingForProjects', message: `${remaining.length} project network(s) still being removed` }], signal);
    return undefined;
  }
  const workspaceUid = wsn.metadata.ownerReferences?.[0]?.uid ?? '';
  await ctx.provider.deleteVpc({ workspace: name, workspaceUid, ...(wsn.status?.vpcId === undefined ? {} : { id: wsn.status.vpcId }) }, signal);
  ctx.ipam.releaseVpc(name);
  await removeFinalizer(ctx.client, WORKSPACE_NETWORKS, wsn, FINALIZER, signal);
  return undefined;
}

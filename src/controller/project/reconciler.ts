// Namespace (project) → ProjectNetwork: allocates the subnet in the workspace VPC, asks the provider
// for it, labels the namespace for the policy selectors, applies the isolation policy, reports
// status. A namespace that stops being a project (deleted, unlabelled, workspace gone, moved) has
// its ProjectNetwork deleted; the finalizer removes the subnet, the policy and our namespace marks,
// and only then frees the range.
import { API_GROUP_VERSION, CONTROLLER_NAME, FINALIZER, KIND_PROJECT_NETWORK, LABEL_MANAGED_BY, LABEL_WORKSPACE } from '../../api/constants.js';
import { CONDITION_POLICY_APPLIED, CONDITION_READY, CONDITION_SUBNET_PROVISIONED } from '../../api/conditions.js';
import type { ProjectNetwork } from '../../api/project-network.js';
import { projectNetworkSpecWithDefaults } from '../../api/project-network.js';
import { PROJECT_NETWORKS } from '../../api/resources.js';
import { workspaceNetworkSpecWithDefaults } from '../../api/workspace-network.js';
import { gatewayOf, parseCidr } from '../../ipam/index.js';
import { isNotFound } from '../../kube/api-error.js';
import { setConditions, type ConditionInput } from '../../kube/conditions.js';
import type { Reconciler, ReconcileResult } from '../../kube/controller.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../kube/finalizers.js';
import type { KubeObject } from '../../kube/kube-client.js';
import { CORE } from '../../kube/resource.js';
import { patchStatusIfChanged } from '../../kube/status.js';
import { renderProjectPolicies } from '../../policy/index.js';
import { adoptionPatch, bindingOf } from '../binding.js';
import { INDEX_BY_NAMESPACE, type Namespace } from '../caches.js';
import type { ControllerContext } from '../context.js';
import { createUnlessCacheBehind, liveAfterFailure } from '../live-after-failure.js';
import { describeFailure, EXHAUSTION_RECHECK_MS, isExhaustion } from '../outcome.js';
import { scopedConnectivityInput, withProjectUid } from '../../model/index.js';
import { cacheTenancyGraph } from '../tenancy.js';
import { policyMatches } from './network-policy.js';

type Pjn = ProjectNetwork & KubeObject;

const REGARDING = { apiVersion: API_GROUP_VERSION, kind: KIND_PROJECT_NETWORK };
const WAIT_BEFORE_PENDING_MS = 10_000;
const NAMESPACE_REGARDING = { apiVersion: 'v1', kind: 'Namespace' };

export function createProjectReconciler(ctx: ControllerContext): Reconciler {
  return async (name, { signal, failures }) => {
    const namespace = ctx.caches.namespaces.get(name);
    const membership = cacheTenancyGraph(ctx.caches, ctx.config.systemNamespaces).membership(name);
    let pjn = await liveAfterFailure(ctx.client, PROJECT_NETWORKS, name, ctx.caches.projectNetworks.get(name), failures, signal);
    const binding = pjn === undefined ? 'unbound' : bindingOf(pjn, 'Namespace', namespace?.metadata?.deletionTimestamp === undefined ? namespace?.metadata?.uid : undefined);
    const targetWorkspace = membership.kind === 'project' ? membership.workspace : undefined;
    const moved = targetWorkspace !== undefined && pjn !== undefined && pjn.spec.workspace !== targetWorkspace;

    if (pjn !== undefined && (membership.kind !== 'project' || moved || binding === 'stale')) {
      if (pjn.metadata.deletionTimestamp !== undefined) return finalize(ctx, pjn, signal);
      if (binding === 'unbound') {
        // Created ahead of its namespace (e.g. to request a subnet): wait for it, touching nothing.
        const reason = moved ? 'WorkspaceMismatch' : 'WaitingForNamespace';
        const message = moved ? `namespace ${name} is in workspace ${targetWorkspace}, not ${pjn.spec.workspace}` : `namespace ${name} is not a project of workspace ${pjn.spec.workspace} (yet)`;
        await notReady(ctx, pjn, 'Pending', reason, message, signal);
        return undefined;
      }
      if (moved && namespace !== undefined) {
        ctx.events.record({ ...NAMESPACE_REGARDING, object: namespace }, 'Normal', 'ProjectMoved', 'Move',
          `moved from workspace ${pjn.spec.workspace} to ${targetWorkspace}: a new subnet is allocated; running pods keep their old addresses until restarted`);
      }
      await ctx.client.delete(PROJECT_NETWORKS, name, { uid: pjn.metadata.uid });
      return undefined;
    }
    if (membership.kind !== 'project') {
      await removeNamespaceMarks(ctx, namespace, signal);
      return undefined;
    }

    const owner = { apiVersion: 'v1', kind: 'Namespace', name, uid: namespace?.metadata?.uid ?? '' };
    const needsAdoption = pjn !== undefined && binding === 'unbound';
    if (pjn === undefined) {
      pjn = await createUnlessCacheBehind<Pjn>(ctx.client, PROJECT_NETWORKS, {
        apiVersion: API_GROUP_VERSION,
        kind: KIND_PROJECT_NETWORK,
        metadata: { name, labels: { [LABEL_MANAGED_BY]: CONTROLLER_NAME, [LABEL_WORKSPACE]: membership.workspace }, finalizers: [FINALIZER], ownerReferences: [{ ...owner, blockOwnerDeletion: false }] },
        spec: { workspace: membership.workspace },
      }, signal);
    }
    if (pjn.metadata.deletionTimestamp !== undefined) return finalize(ctx, pjn, signal);
    if (needsAdoption) pjn = await ctx.client.mergePatch<Pjn>(PROJECT_NETWORKS, name, adoptionPatch(pjn, owner, FINALIZER), { signal });
    else if (!hasFinalizer(pjn, FINALIZER)) pjn = await addFinalizer(ctx.client, PROJECT_NETWORKS, pjn, FINALIZER, signal);
    return provision(ctx, pjn, namespace, signal);
  };
}

async function writeStatus(ctx: ControllerContext, pjn: Pjn, fields: Record<string, unknown>, conditions: ConditionInput[], signal: AbortSignal): Promise<void> {
  const status = { ...fields, observedGeneration: pjn.metadata.generation, conditions: setConditions(pjn.status?.conditions, conditions, pjn.metadata.generation, ctx.now()) };
  await patchStatusIfChanged(ctx.client, PROJECT_NETWORKS, pjn, status, signal);
}

async function notReady(ctx: ControllerContext, pjn: Pjn, phase: 'Pending' | 'Failed' | 'Provisioning', reason: string, message: string, signal: AbortSignal, extra: Record<string, unknown> = {}, subnetCondition = false): Promise<void> {
  if (phase === 'Failed' && pjn.status?.conditions?.find((c) => c.type === CONDITION_READY)?.reason !== reason) {
    ctx.events.record({ ...REGARDING, object: pjn }, 'Warning', reason, 'Provision', message);
  }
  const conditions: ConditionInput[] = [{ type: CONDITION_READY, status: 'False', reason, message }];
  if (subnetCondition) conditions.push({ type: CONDITION_SUBNET_PROVISIONED, status: 'False', reason, message });
  await writeStatus(ctx, pjn, { phase, ...extra }, conditions, signal);
}

async function provision(ctx: ControllerContext, pjn: Pjn, namespace: Namespace | undefined, signal: AbortSignal): Promise<ReconcileResult | undefined> {
  const name = pjn.metadata.name ?? '';
  const workspace = pjn.spec.workspace;
  const wsn = ctx.caches.workspaceNetworks.get(workspace);
  const vpcCidr = wsn?.status?.cidr;
  const vpcId = wsn?.status?.vpcId;
  if (wsn === undefined || vpcCidr === undefined || vpcId === undefined || wsn.status?.phase !== 'Ready') {
    // A project created moments ago usually sees its VPC within a second (the workspace network's
    // change re-queues it): skip the transient Pending write then, and report only a real wait.
    const ageMs = ctx.now().getTime() - new Date(pjn.metadata.creationTimestamp ?? 0).getTime();
    if (pjn.status === undefined && ageMs < WAIT_BEFORE_PENDING_MS) return { requeueAfterMs: WAIT_BEFORE_PENDING_MS };
    await notReady(ctx, pjn, 'Pending', 'WaitingForWorkspace', `workspace ${workspace} has no ready VPC yet`, signal);
    return undefined;
  }
  const spec = projectNetworkSpecWithDefaults(pjn.spec);
  const wsSpec = workspaceNetworkSpecWithDefaults(wsn.spec, ctx.config.provider);
  const allocator = ctx.ipam.subnetAllocator(workspace, vpcCidr, wsSpec.subnetPrefixLength);
  if ('error' in allocator) {
    await notReady(ctx, pjn, 'Failed', 'InvalidSubnetConfig', allocator.error, signal);
    return undefined;
  }

  let cidr = pjn.status?.cidr;
  if (cidr === undefined) {
    const allocated = spec.cidr === undefined ? allocator.allocate(name) : allocator.allocateSpecific(name, spec.cidr);
    if (!allocated.ok) {
      if (isExhaustion(allocated.reason)) ctx.metrics.poolExhausted('subnet');
      await notReady(ctx, pjn, 'Failed', allocated.reason, allocated.message, signal, {}, true);
      return isExhaustion(allocated.reason) ? { requeueAfterMs: EXHAUSTION_RECHECK_MS } : undefined;
    }
    cidr = allocated.cidr;
  } else if (allocator.cidrOf(name) !== cidr) {
    const restored = allocator.restore(name, cidr);
    if (!restored.ok) {
      await notReady(ctx, pjn, 'Failed', 'CIDRConflict', `recorded subnet ${cidr} conflicts: ${restored.message}`, signal, {}, true);
      return undefined;
    }
  }
  const parsed = parseCidr(cidr);
  const gateway = parsed.ok ? gatewayOf(parsed.cidr) ?? '' : '';

  let subnet;
  try {
    subnet = await ctx.provider.ensureSubnet({
      workspace,
      project: name,
      projectUid: pjn.metadata.uid ?? '',
      cidr,
      gateway,
      vpc: { workspace, workspaceUid: wsn.metadata.ownerReferences?.[0]?.uid ?? '', id: vpcId, cidr: vpcCidr },
      ...(pjn.status?.subnetId === undefined ? {} : { knownId: pjn.status.subnetId }),
    }, signal);
  } catch (err) {
    const failure = describeFailure(err, 'ProviderError');
    // The allocated range is recorded either way, so it is never handed to another project.
    await notReady(ctx, pjn, failure.retryable ? 'Provisioning' : 'Failed', failure.reason, failure.message, signal, { cidr, gateway, vpcId }, true);
    if (failure.retryable) throw err;
    return undefined;
  }

  await ensureNamespaceMarks(ctx, namespace, workspace, subnet.namespaceAnnotations ?? {}, signal);
  let policyCount = 0;
  if (!ctx.provider.capabilities.nativeIsolation) {
    try {
      policyCount = await applyPolicies(ctx, name, pjn.metadata.uid ?? '', signal);
    } catch (err) {
      const failure = describeFailure(err, 'PolicyError');
      await writeStatus(ctx, pjn, { phase: failure.retryable ? 'Provisioning' : 'Failed', cidr: subnet.cidr, gateway: subnet.gateway, subnetId: subnet.id, vpcId }, [
        { type: CONDITION_POLICY_APPLIED, status: 'False', reason: failure.reason, message: failure.message },
        { type: CONDITION_READY, status: 'False', reason: failure.reason, message: failure.message },
      ], signal);
      throw err;
    }
  }

  const ready = subnet.ready;
  const subnetMessage = ready ? `subnet ${subnet.id} (${subnet.cidr})` : subnet.message ?? 'subnet is being created';
  await writeStatus(ctx, pjn, { phase: ready ? 'Ready' : 'Provisioning', cidr: subnet.cidr, gateway: subnet.gateway, subnetId: subnet.id, vpcId }, [
    { type: CONDITION_SUBNET_PROVISIONED, status: ready ? 'True' : 'False', reason: ready ? 'Provisioned' : 'InProgress', message: subnetMessage },
    { type: CONDITION_POLICY_APPLIED, status: 'True', reason: ctx.provider.capabilities.nativeIsolation ? 'NativeIsolation' : 'Applied', message: `${policyCount} managed NetworkPolicy object(s)` },
    { type: CONDITION_READY, status: ready ? 'True' : 'False', reason: ready ? 'Provisioned' : 'InProgress', message: subnetMessage },
  ], signal);
  return ready ? undefined : { requeueAfterMs: 2000 };
}

/** One merge patch when the namespace lacks our label or the provider's annotations. */
async function ensureNamespaceMarks(ctx: ControllerContext, namespace: Namespace | undefined, workspace: string, annotations: Readonly<Record<string, string>>, signal: AbortSignal): Promise<void> {
  if (namespace?.metadata?.name === undefined) return;
  const labelOk = namespace.metadata.labels?.[LABEL_WORKSPACE] === workspace;
  const annotationsOk = Object.entries(annotations).every(([k, v]) => namespace.metadata?.annotations?.[k] === v);
  if (labelOk && annotationsOk) return;
  await ctx.client.mergePatch(CORE.namespaces, namespace.metadata.name, { metadata: { labels: { [LABEL_WORKSPACE]: workspace }, annotations } }, { signal });
}

async function removeNamespaceMarks(ctx: ControllerContext, namespace: Namespace | undefined, signal: AbortSignal): Promise<void> {
  const meta = namespace?.metadata;
  if (meta?.name === undefined || meta.deletionTimestamp !== undefined) return;
  const staleAnnotations = (ctx.provider.capabilities.namespaceAnnotationKeys ?? []).filter((k) => meta.annotations?.[k] !== undefined);
  if (meta.labels?.[LABEL_WORKSPACE] === undefined && staleAnnotations.length === 0) return;
  await ctx.client.mergePatch(CORE.namespaces, meta.name, {
    metadata: { labels: { [LABEL_WORKSPACE]: null }, annotations: Object.fromEntries(staleAnnotations.map((k) => [k, null])) },
  }, { signal }).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
}

/**
 * Renders the project's policies, writes those that differ from the live ones, prunes the rest.
 * `uid` is the ProjectNetwork's, from the object in hand: the cache may not have seen it yet.
 */
async function applyPolicies(ctx: ControllerContext, name: string, uid: string, signal: AbortSignal): Promise<number> {
  const input = scopedConnectivityInput(name, withProjectUid(cacheTenancyGraph(ctx.caches, ctx.config.systemNamespaces), name, uid), {
    systemNamespaces: ctx.config.systemNamespaces,
    allowedIngressCIDRs: ctx.config.allowedIngressCIDRs,
    allowedIngressNamespaces: ctx.config.allowedIngressNamespaces,
    egressIsolation: ctx.config.egressIsolation,
    podCidrs: ctx.podCidrs(),
  });
  const desired = input === undefined ? [] : renderProjectPolicies(input, name);
  const wanted = new Set(desired.map((p) => p.metadata.name));
  for (const policy of desired) {
    const live = ctx.caches.policies.get(`${name}/${policy.metadata.name}`);
    if (!policyMatches(policy, live)) await ctx.client.apply(CORE.networkPolicies, policy, { signal });
  }
  await deletePolicies(ctx, name, (policyName) => !wanted.has(policyName), signal);
  return desired.length;
}

async function deletePolicies(ctx: ControllerContext, namespace: string, predicate: (name: string) => boolean, signal: AbortSignal): Promise<void> {
  for (const key of ctx.caches.policies.byIndex(INDEX_BY_NAMESPACE, namespace)) {
    const live = ctx.caches.policies.get(key);
    const policyName = live?.metadata?.name;
    if (policyName === undefined || !predicate(policyName)) continue;
    await ctx.client.delete(CORE.networkPolicies, policyName, { namespace, signal }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}

async function finalize(ctx: ControllerContext, pjn: Pjn, signal: AbortSignal): Promise<ReconcileResult | undefined> {
  if (!hasFinalizer(pjn, FINALIZER)) return undefined;
  const name = pjn.metadata.name ?? '';
  await ctx.provider.deleteSubnet({
    workspace: pjn.spec.workspace,
    project: name,
    projectUid: pjn.metadata.uid ?? '',
    ...(pjn.status?.subnetId === undefined ? {} : { id: pjn.status.subnetId }),
    ...(pjn.status?.vpcId === undefined ? {} : { vpcId: pjn.status.vpcId }),
  }, signal);
  await deletePolicies(ctx, name, () => true, signal);
  // A project that moved keeps being a project: its label is rewritten when the new network is made.
  if (cacheTenancyGraph(ctx.caches, ctx.config.systemNamespaces).membership(name).kind !== 'project') await removeNamespaceMarks(ctx, ctx.caches.namespaces.get(name), signal);
  // The range is freed only after the provider confirmed the subnet is gone.
  ctx.ipam.releaseSubnet(pjn.spec.workspace, name);
  await removeFinalizer(ctx.client, PROJECT_NETWORKS, pjn, FINALIZER, signal);
  return undefined;
}

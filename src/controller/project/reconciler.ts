// Namespace (project) → ProjectNetwork: reserves the subnet in the workspace VPC, asks the provider
// for it, marks the namespace (the label the policy selectors use, the provider's annotations, and
// the subnet, gateway, VPC and phase for the project's own users), applies the isolation policy,
// reports status. A namespace that stops being a project (deleted, unlabelled, workspace gone, moved) has
// its ProjectNetwork deleted; the finalizer removes the subnet, the policy and our namespace marks,
// and only then frees the range. The opening is the shared lifecycle; what to do next is
// planProject's (plan.ts); this file observes and applies.
//
// Why a new project is reconciled twice: the reconciler's own writes re-queue its key. The
// ProjectNetwork it creates, the label it puts on the namespace and the policy it applies each come
// back as informer events for this project (wiring.ts maps them to it). The second reconcile finds
// everything in place and writes nothing — each step compares with the cache first, and
// status-only updates are filtered in wiring.ts — at the cost of one provider check of the subnet
// (Calico: one GET; QingCloud: none within recheckAfterSeconds). The events are not filtered
// because the same events are how a change made by anyone else (a label removed, a policy edited)
// is repaired, and telling our own echo from such a change would mean remembering the
// resourceVersion of every write per key.
import { ANNOTATION_PHASE, API_GROUP_VERSION, CONTROLLER_NAME, FINALIZER, KIND_PROJECT_NETWORK, LABEL_MANAGED_BY, LABEL_WORKSPACE } from '../../api/constants.js';
import { CONDITION_READY } from '../../api/conditions.js';
import { projectNetworkSpecWithDefaults, type ProjectNetwork } from '../../api/project-network.js';
import { PROJECT_NETWORKS } from '../../api/resources.js';
import { workspaceNetworkSpecWithDefaults } from '../../api/workspace-network.js';
import { isNotFound } from '../../kube/api-error.js';
import { setConditions } from '../../kube/conditions.js';
import type { Reconciler, ReconcileResult } from '../../kube/controller.js';
import { addFinalizer, hasFinalizer, removeFinalizer } from '../../kube/finalizers.js';
import type { KubeObject } from '../../kube/kube-client.js';
import { CORE } from '../../kube/resource.js';
import { patchStatusIfChanged } from '../../kube/status.js';
import { isDeleting, scopedConnectivityInput, withProjectUid } from '../../model/index.js';
import { renderProjectPolicies } from '../../policy/index.js';
import { adoptionPatch, bindingOf } from '../binding.js';
import { INDEX_BY_NAMESPACE, type Namespace } from '../caches.js';
import type { ControllerContext } from '../context.js';
import { planLifecycle, runLifecycle } from '../lifecycle.js';
import { createUnlessCacheBehind, liveAfterFailure } from '../live-after-failure.js';
import { askProvider, describeFailure, isExhaustion } from '../outcome.js';
import { applyReport, condition, degradedShown, readyReasonOf, type StatusUpdate } from '../report.js';
import { cacheTenancyGraph } from '../tenancy.js';
import { effectiveLimits } from '../../webhook/bandwidth-quantity.js';
import { guardMarkKeys, guardMarks } from './guard-marks.js';
import { markPatch, phasePatch, unmarkPatch } from './namespace-marks.js';
import { planProject, type ProjectObserved, type SubnetRangeOutcome } from './plan.js';
import { planPolicySync } from './policy-sync.js';

type Pjn = ProjectNetwork & KubeObject;

const REGARDING = { apiVersion: API_GROUP_VERSION, kind: KIND_PROJECT_NETWORK };
const NAMESPACE_REGARDING = { apiVersion: 'v1', kind: 'Namespace' };

export function createProjectReconciler(ctx: ControllerContext): Reconciler {
  return async (name, { signal, failures }) => {
    const namespace = ctx.caches.namespaces.get(name);
    const membership = cacheTenancyGraph(ctx.caches, ctx.config.systemNamespaces).membership(name);
    const pjn = await liveAfterFailure(ctx.client, PROJECT_NETWORKS, name, ctx.caches.projectNetworks.get(name), failures, signal);
    const targetWorkspace = membership.kind === 'project' ? membership.workspace : undefined;
    const moved = targetWorkspace !== undefined && pjn !== undefined && pjn.spec.workspace !== targetWorkspace;
    const namespaceUid = namespace?.metadata?.uid ?? '';
    const owner = { apiVersion: 'v1', kind: 'Namespace', name, uid: namespaceUid };
    const steps = planLifecycle({
      wanted: targetWorkspace !== undefined && !moved,
      ...(pjn === undefined ? {} : { object: { deleting: isDeleting(pjn), hasFinalizer: hasFinalizer(pjn, FINALIZER), binding: bindingOf(pjn, 'Namespace', isDeleting(namespace) ? undefined : namespace?.metadata?.uid) } }),
    });
    return runLifecycle<Pjn>(steps, pjn, {
      finalize: (object) => finalize(ctx, object, signal),
      // Created ahead of its namespace (e.g. to request a subnet): wait for it, touching nothing.
      waitForOwner: (object) => {
        const message = moved ? `namespace ${name} is in workspace ${targetWorkspace}, not ${object.spec.workspace}` : `namespace ${name} is not a project of workspace ${object.spec.workspace} (yet)`;
        return writeStatus(ctx, object, { fields: { phase: 'Pending' }, conditions: [condition(CONDITION_READY, false, moved ? 'WorkspaceMismatch' : 'WaitingForNamespace', message)] }, signal);
      },
      delete: async (object) => {
        if (moved && namespace !== undefined) {
          ctx.events.record({ ...NAMESPACE_REGARDING, object: namespace }, 'Normal', 'ProjectMoved', 'Move',
            `moved from workspace ${object.spec.workspace} to ${targetWorkspace}: a new subnet is allocated; running pods keep their old addresses until restarted`);
        }
        await ctx.client.delete(PROJECT_NETWORKS, name, { uid: object.metadata.uid });
      },
      tidy: () => unmarkNamespace(ctx, namespace, signal),
      create: () => createUnlessCacheBehind<Pjn>(ctx.client, PROJECT_NETWORKS, {
        apiVersion: API_GROUP_VERSION,
        kind: KIND_PROJECT_NETWORK,
        metadata: { name, labels: { [LABEL_MANAGED_BY]: CONTROLLER_NAME, [LABEL_WORKSPACE]: targetWorkspace ?? '' }, finalizers: [FINALIZER], ownerReferences: [{ ...owner, blockOwnerDeletion: false }] },
        spec: { workspace: targetWorkspace ?? '' },
      }, signal),
      adopt: (object) => ctx.client.mergePatch<Pjn>(PROJECT_NETWORKS, name, adoptionPatch(object, owner, FINALIZER), { signal }),
      addFinalizer: (object) => addFinalizer(ctx.client, PROJECT_NETWORKS, object, FINALIZER, signal),
      provision: (object) => provision(ctx, object, namespace, signal),
    });
  };
}

/** Observe, ask the plan, act, until the plan reports; then the one status patch. */
async function provision(ctx: ControllerContext, pjn: Pjn, namespace: Namespace | undefined, signal: AbortSignal): Promise<ReconcileResult | undefined> {
  const name = pjn.metadata.name ?? '';
  const workspace = pjn.spec.workspace;
  const wsn = ctx.caches.workspaceNetworks.get(workspace);
  const vpcCidr = wsn?.status?.cidr;
  const vpcId = wsn?.status?.vpcId;
  const vpcReady = wsn !== undefined && vpcCidr !== undefined && vpcId !== undefined && wsn.status?.phase === 'Ready';
  const readyReason = readyReasonOf(pjn.status);
  const prefixLength = workspaceNetworkSpecWithDefaults(wsn?.spec ?? { workspace }, ctx.config.provider).subnetPrefixLength;
  let observed: ProjectObserved = {
    workspace,
    newlyCreated: pjn.status === undefined,
    ageMs: ctx.now().getTime() - new Date(pjn.metadata.creationTimestamp ?? 0).getTime(),
    ...(readyReason === undefined ? {} : { readyReason }),
    ...(vpcReady ? { vpc: { cidr: vpcCidr, id: vpcId } } : {}),
    ...providerMarksOn(ctx, name, namespace, pjn.status?.cidr !== undefined || (vpcReady && heldInMemory(ctx, pjn, vpcCidr, prefixLength))),
    degraded: degradedShown(pjn.status),
  };
  // The phase the namespace shows, so only a change of phase is written there.
  let shownPhase = namespace?.metadata?.annotations?.[ANNOTATION_PHASE];
  let marksSeen: Namespace | undefined;
  for (;;) {
    const step = planProject(observed);
    switch (step.kind) {
      case 'reserveSubnet':
        // The plan asks only once the VPC is there, so its WorkspaceNetwork is.
        observed = { ...observed, range: reserveSubnet(ctx, pjn, step.vpcCidr, prefixLength) };
        break;
      case 'clearNamespaceMarks':
        await unmarkNamespace(ctx, namespace, signal, true);
        // What the mark step compares with: the namespace as it is now, not as cached.
        marksSeen = { metadata: { ...namespace?.metadata, annotations: {} } };
        observed = { ...observed, unrecordedMarks: false };
        break;
      case 'ensureSubnet':
        observed = {
          ...observed,
          subnet: await askProvider(() => ctx.provider.ensureSubnet({
            workspace,
            project: name,
            projectUid: pjn.metadata.uid ?? '',
            cidr: step.cidr,
            gateway: step.gateway,
            vpc: { workspace, workspaceUid: wsn?.metadata.ownerReferences?.[0]?.uid ?? '', id: step.vpc.id, cidr: step.vpc.cidr },
            ...(pjn.status?.subnetId === undefined ? {} : { knownId: pjn.status.subnetId }),
          }, signal), 'ProviderError'),
        };
        break;
      case 'markNamespace': {
        // A failure here is thrown as it is: nothing about the project's own state is new to report.
        const guard = guardMarks(ctx.config.podSecurity, effectiveLimits(wsn?.spec.bandwidth, pjn.spec.bandwidth));
        const marks = { labels: guard.labels, annotations: { ...guard.annotations, ...step.annotations } };
        const patch = namespace === undefined ? undefined : markPatch(marksSeen ?? namespace, workspace, marks);
        if (patch !== undefined) await ctx.client.mergePatch(CORE.namespaces, name, patch, { signal });
        if (namespace !== undefined) shownPhase = step.annotations[ANNOTATION_PHASE];
        observed = { ...observed, namespaceMarked: true };
        break;
      }
      case 'applyPolicies':
        observed = { ...observed, policies: await syncPolicies(ctx, name, pjn.metadata.uid ?? '', signal) };
        break;
      case 'report': {
        const phase = phasePatch(shownPhase, step.status?.fields.phase as string | undefined);
        if (phase !== undefined) await ctx.client.mergePatch(CORE.namespaces, name, phase, { signal }).catch(ignoreNotFound);
        return applyReport(step, {
          warn: (reason, message) => { ctx.events.record({ ...REGARDING, object: pjn }, 'Warning', reason, 'Provision', message); },
          writeStatus: (update) => writeStatus(ctx, pjn, update, signal),
        });
      }
    }
  }
}

function ignoreNotFound(err: unknown): void {
  if (!isNotFound(err)) throw err;
}

/**
 * The provider's annotations on the namespace: values someone else wrote (reported, never
 * overwritten), and whether ours are there although no subnet is recorded (cleared before the
 * provider is asked, see ProjectObserved.unrecordedMarks).
 */
function providerMarksOn(ctx: ControllerContext, project: string, namespace: Namespace | undefined, recorded: boolean): Pick<ProjectObserved, 'foreignAnnotations' | 'unrecordedMarks'> {
  const ours = ctx.provider.namespaceAnnotationsFor?.(project) ?? {};
  const present = Object.entries(namespace?.metadata?.annotations ?? {}).filter(([k]) => (ctx.provider.capabilities.namespaceAnnotationKeys ?? []).includes(k));
  const foreign = present.filter(([k, v]) => ours[k] !== undefined && ours[k] !== v);
  return {
    ...(foreign.length === 0 ? {} : { foreignAnnotations: Object.fromEntries(foreign) }),
    unrecordedMarks: !recorded && present.some(([k, v]) => ours[k] === v),
  };
}

/**
 * This process already reserved the project's range: the status write that records it may simply not
 * be in the cache yet (the namespace event of our own patch can arrive first). Marks found then are
 * this process's and name the range it will ask for again; only after a restart are they a crash's.
 */
function heldInMemory(ctx: ControllerContext, pjn: Pjn, vpcCidr: string, prefixLength: number): boolean {
  const allocator = ctx.ipam.subnetAllocator(pjn.spec.workspace, vpcCidr, prefixLength);
  return !('error' in allocator) && allocator.cidrOf(pjn.metadata.name ?? '') !== undefined;
}

/** A new subnet of the VPC (the requested one, or the next free), or the recorded one registered again. */
function reserveSubnet(ctx: ControllerContext, pjn: Pjn, vpcCidr: string, prefixLength: number): SubnetRangeOutcome {
  const name = pjn.metadata.name ?? '';
  const allocator = ctx.ipam.subnetAllocator(pjn.spec.workspace, vpcCidr, prefixLength);
  if ('error' in allocator) return { kind: 'invalidConfig', message: allocator.error };
  const recorded = pjn.status?.cidr;
  if (recorded === undefined) {
    const requested = projectNetworkSpecWithDefaults(pjn.spec).cidr;
    const allocated = requested === undefined ? allocator.allocate(name) : allocator.allocateSpecific(name, requested);
    if (allocated.ok) return { kind: 'reserved', cidr: allocated.cidr };
    if (isExhaustion(allocated.reason)) ctx.metrics.poolExhausted('subnet');
    return { kind: 'refused', reason: allocated.reason, message: allocated.message };
  }
  if (allocator.cidrOf(name) === recorded) return { kind: 'reserved', cidr: recorded };
  const restored = allocator.restore(name, recorded);
  return restored.ok ? { kind: 'reserved', cidr: recorded } : { kind: 'refused', reason: 'CIDRConflict', message: `recorded subnet ${recorded} conflicts: ${restored.message}` };
}

/**
 * Renders the project's policies and makes the managed ones in its namespace agree.
 * `uid` is the ProjectNetwork's, from the object in hand: the cache may not have seen it yet.
 */
async function syncPolicies(ctx: ControllerContext, name: string, uid: string, signal: AbortSignal): Promise<NonNullable<ProjectObserved['policies']>> {
  try {
    const input = scopedConnectivityInput(name, withProjectUid(cacheTenancyGraph(ctx.caches, ctx.config.systemNamespaces), name, uid), {
      systemNamespaces: ctx.config.systemNamespaces,
      allowedIngressCIDRs: ctx.config.allowedIngressCIDRs,
      allowedIngressNamespaces: ctx.config.allowedIngressNamespaces,
      egressIsolation: ctx.config.egressIsolation,
      deniedEgressCIDRs: ctx.config.deniedEgressCIDRs,
      podCidrs: ctx.podCidrs(),
    });
    const desired = input === undefined ? [] : renderProjectPolicies(input, name);
    await writePolicies(ctx, name, desired, signal);
    return { ok: true, count: desired.length };
  } catch (err) {
    return { ok: false, failure: describeFailure(err, 'PolicyError'), error: err };
  }
}

async function writePolicies(ctx: ControllerContext, namespace: string, desired: Parameters<typeof planPolicySync>[0], signal: AbortSignal): Promise<void> {
  const live = ctx.caches.policies.byIndex(INDEX_BY_NAMESPACE, namespace).flatMap((key) => ctx.caches.policies.get(key) ?? []);
  const sync = planPolicySync(desired, live);
  for (const policy of sync.apply) await ctx.client.apply(CORE.networkPolicies, policy, { signal });
  for (const policyName of sync.delete) {
    await ctx.client.delete(CORE.networkPolicies, policyName, { namespace, signal }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}

async function unmarkNamespace(ctx: ControllerContext, namespace: Namespace | undefined, signal: AbortSignal, beforeSubnetGoes = false): Promise<void> {
  const guard = guardMarkKeys(ctx.config.podSecurity, namespace?.metadata?.labels);
  // Someone else's value under the provider's key is theirs to remove, not ours.
  const ours = ctx.provider.namespaceAnnotationsFor?.(namespace?.metadata?.name ?? '') ?? {};
  const providerAnnotations = (ctx.provider.capabilities.namespaceAnnotationKeys ?? []).filter((k) => {
    const value = namespace?.metadata?.annotations?.[k];
    return value === undefined || ours[k] === undefined || ours[k] === value;
  });
  const patch = namespace === undefined ? undefined : unmarkPatch(namespace, { labels: guard.labels, annotations: guard.annotations, providerAnnotations }, beforeSubnetGoes);
  if (patch === undefined) return;
  await ctx.client.mergePatch(CORE.namespaces, namespace?.metadata?.name ?? '', patch, { signal }).catch((err: unknown) => {
    if (!isNotFound(err)) throw err;
  });
}

/** The status patch, with the generation it describes. */
async function writeStatus(ctx: ControllerContext, pjn: Pjn, update: StatusUpdate, signal: AbortSignal): Promise<void> {
  const status = { ...update.fields, observedGeneration: pjn.metadata.generation, conditions: setConditions(pjn.status?.conditions, update.conditions, pjn.metadata.generation, ctx.now()) };
  await patchStatusIfChanged(ctx.client, PROJECT_NETWORKS, pjn, status, signal);
}

async function finalize(ctx: ControllerContext, pjn: Pjn, signal: AbortSignal): Promise<ReconcileResult | undefined> {
  if (!hasFinalizer(pjn, FINALIZER)) return undefined;
  const name = pjn.metadata.name ?? '';
  // The namespace stops naming the subnet before the subnet goes (a crash in between leaves a
  // namespace that names nothing, which is harmless; the other order fails every pod start).
  await unmarkNamespace(ctx, ctx.caches.namespaces.get(name), signal, true);
  await ctx.provider.deleteSubnet({
    workspace: pjn.spec.workspace,
    project: name,
    projectUid: pjn.metadata.uid ?? '',
    ...(pjn.status?.subnetId === undefined ? {} : { id: pjn.status.subnetId }),
    ...(pjn.status?.vpcId === undefined ? {} : { vpcId: pjn.status.vpcId }),
  }, signal);
  await writePolicies(ctx, name, [], signal);
  // A project that moved keeps being a project: its label is rewritten when the new network is made.
  if (cacheTenancyGraph(ctx.caches, ctx.config.systemNamespaces).membership(name).kind !== 'project') await unmarkNamespace(ctx, ctx.caches.namespaces.get(name), signal);
  // The range is freed only after the provider confirmed the subnet is gone.
  ctx.ipam.releaseSubnet(pjn.spec.workspace, name);
  await removeFinalizer(ctx.client, PROJECT_NETWORKS, pjn, FINALIZER, signal);
  return undefined;
}

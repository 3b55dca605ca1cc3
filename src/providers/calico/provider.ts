// The Calico provider: a project's subnet is a Calico IPPool (crd.projectcalico.org/v1) named after
// the project, and the project namespace names that pool in `cni.projectcalico.org/ipv4pools`. A
// workspace's VPC is only its reserved range (Calico has no such object), and isolation is left to
// the NetworkPolicies the controller renders.
//
// API calls per operation (happy paths): new subnet 1 (create); steady state with a known id 1
// (get); after a restart 2 (create → 409, get), +1 patch only when a field we set was changed by
// hand; delete 2 (disable, delete); ensureVpc 1 list of other writers' pools a minute at most,
// deleteVpc 0; used addresses of every project 1 list
// of IPAMBlocks per round (one page per 500 blocks).
import { CONTROLLER_NAME, LABEL_MANAGED_BY, LABEL_PROJECT, LABEL_WORKSPACE } from '../../api/constants.js';
import { CALICO_IPAMBLOCKS, CALICO_IPPOOLS } from '../../api/resources.js';
import { formatCidr, gatewayOf, type Cidr } from '../../ipam/index.js';
import { isAlreadyExists, isNotFound } from '../../kube/api-error.js';
import { jsonPointerEscape, type JsonPatchOperation, type KubeClient, type KubeObject } from '../../kube/kube-client.js';
import { resourcePath } from '../../kube/resource.js';
import { terminalError } from '../../util/errors.js';
import type {
  AddressUsage,
  AddressUsageRequest,
  NetworkProvider,
  OwnedResource,
  ProviderCapabilities,
  SubnetRef,
  SubnetSpec,
  SubnetState,
  VpcRef,
  VpcSpec,
  VpcState,
} from '../contract.js';
import { chooseAssignmentMode, type IpPoolCrdFeatures } from './crd-features.js';
import { collectionError, inContext, isPreconditionFailed, isUnprocessable, poolBusy } from './errors.js';
import { judgeExistingPool, judgePoolForDeletion, renderIpPool, type IpPoolObject, type PoolOwner, type PoolPatch, type RenderedPool } from './ippool.js';
import { ANNOTATION_CALICO_IPV4_POOLS, ANNOTATION_PROJECT_UID, CALICO, calicoVpcId, namespaceAnnotationsFor, poolName } from './naming.js';
import { resolveCalicoSettings, type CalicoSettings, type CalicoSettingsInput } from './options.js';
import { addressUsageOf, type IpamBlockObject } from './ipam-usage.js';
import { foreignOverlapWarning } from './foreign-pools.js';
import { podCidrsOf } from './pod-cidrs.js';
import { checkSubnetRange, checkVpcRange } from './requests.js';

export interface CalicoProviderOptions extends CalicoSettingsInput {
  readonly client: KubeClient;
  /**
   * What the installed IPPool CRD can hold (crd-features.ts), read by the plug-in at start-up.
   * Absent: the settings are used as given (a caller that knows the CRD, e.g. a test).
   */
  readonly ipPoolFeatures?: IpPoolCrdFeatures | undefined;
  /** How long one look at other writers' pools serves the overlap check (default a minute). */
  readonly foreignPoolRecheckMs?: number;
}

/** create → 409 → get → stale → delete → create: two rounds cover every race but a persistent one. */
const MAX_CREATE_ROUNDS = 3;
const LIST_PAGE_SIZE = 500;
/** How long a list of other writers' pools is used for the overlap check before it is listed again. */
const FOREIGN_POOLS_TTL_MS = 60_000;
const MANAGED_SELECTOR = `${LABEL_MANAGED_BY}=${CONTROLLER_NAME}`;
/** `!=` also matches pools without the label, i.e. every pool we did not create. */
const FOREIGN_SELECTOR = `${LABEL_MANAGED_BY}!=${CONTROLLER_NAME}`;

type Owner = Pick<PoolOwner, 'project' | 'projectUid'>;

/** Disables the pool only if it is ours and this project incarnation's (compare-and-swap). */
function disableIfOwnedOperations(owner: Owner): JsonPatchOperation[] {
  return [
    { op: 'test', path: `/metadata/labels/${jsonPointerEscape(LABEL_MANAGED_BY)}`, value: CONTROLLER_NAME },
    { op: 'test', path: `/metadata/annotations/${jsonPointerEscape(ANNOTATION_PROJECT_UID)}`, value: owner.projectUid },
    { op: 'add', path: '/spec/disabled', value: true },
  ];
}

/** Runs `body` as a promise, so a throw becomes a rejection (for methods without I/O). */
function settle<T>(body: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(body());
  });
}

export class CalicoProvider implements NetworkProvider {
  readonly name = CALICO;
  readonly capabilities: ProviderCapabilities;
  readonly settings: CalicoSettings;
  /** Why a configured setting is not applied (for the start-up log). */
  readonly settingsWarning: string | undefined;
  private readonly client: KubeClient;
  private foreignPools: { readonly atMs: number; readonly pools: readonly IpPoolObject[] } | undefined;
  private readonly foreignPoolRecheckMs: number;

  /** Throws a terminal `InvalidProviderConfig` ControllerError for invalid settings. */
  constructor(options: CalicoProviderOptions) {
    const resolved = resolveCalicoSettings(options);
    if (!resolved.ok) throw terminalError('InvalidProviderConfig', `calico provider option ${resolved.field}: ${resolved.message}`);
    if ('ipPoolFeatures' in options) {
      const choice = chooseAssignmentMode(resolved.settings.assignmentMode, options.ipPoolFeatures);
      const { blockSize, ipipMode, vxlanMode, natOutgoing, nodeSelector } = resolved.settings;
      this.settings = { blockSize, ipipMode, vxlanMode, natOutgoing, nodeSelector, ...(choice.mode === undefined ? {} : { assignmentMode: choice.mode }) };
      this.settingsWarning = choice.warning;
    } else {
      this.settings = resolved.settings;
      this.settingsWarning = undefined;
    }
    this.client = options.client;
    this.foreignPoolRecheckMs = options.foreignPoolRecheckMs ?? FOREIGN_POOLS_TTL_MS;
    // A pool smaller than one block cannot hand out addresses: IPAM refuses such subnets up front.
    this.capabilities = { trafficMetrics: false, namespaceAnnotationKeys: [ANNOTATION_CALICO_IPV4_POOLS], maxSubnetPrefixLength: this.settings.blockSize };
  }

  // ---- VPCs: nothing to create ----------------------------------------------------------------

  /** Nothing to create; a look (at most one list a minute) for pools of others overlapping the range. */
  async ensureVpc(vpc: VpcSpec, signal: AbortSignal): Promise<VpcState> {
    const range = await settle(() => {
      signal.throwIfAborted();
      const checked = checkVpcRange(vpc.cidr);
      if (!checked.ok) throw terminalError(checked.code, `workspace ${vpc.workspace}: ${checked.message}`);
      return checked;
    });
    const cidr = formatCidr(range.cidr);
    const warning = foreignOverlapWarning(cidr, await this.recentForeignPools(signal));
    return { id: calicoVpcId(vpc.workspace), cidr, ready: true, ...(warning === undefined ? {} : { warning }) };
  }

  deleteVpc(_vpc: VpcRef, signal: AbortSignal): Promise<void> {
    return settle(() => {
      signal.throwIfAborted();
    });
  }

  // ---- subnets ----------------------------------------------------------------------------------

  async ensureSubnet(subnet: SubnetSpec, signal: AbortSignal): Promise<SubnetState> {
    signal.throwIfAborted();
    const range = checkSubnetRange(subnet.cidr, subnet.vpc.cidr, this.settings.blockSize);
    if (!range.ok) throw terminalError(range.code, `project ${subnet.project}: ${range.message}`);
    const owner: PoolOwner = { workspace: subnet.workspace, project: subnet.project, projectUid: subnet.projectUid };
    const desired = renderIpPool(owner, formatCidr(range.cidr), this.settings);
    // With a known id the steady state costs one GET instead of a refused create plus a GET.
    const known = subnet.knownId === undefined ? undefined : await this.adoptKnownPool(subnet.knownId, desired, owner, signal);
    const name = known ?? (await this.createOrAdoptPool(desired, owner, signal));
    return this.subnetState(name, range.cidr, subnet.gateway);
  }

  async deleteSubnet(subnet: SubnetRef, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    // The recorded id first (it may predate the current naming), then the deterministic name.
    const names = new Set([...(subnet.id === undefined ? [] : [subnet.id]), poolName(subnet.project)]);
    for (const name of names) await this.deletePool(name, subnet, signal);
  }

  // ---- inventory --------------------------------------------------------------------------------

  async listOwned(signal: AbortSignal): Promise<OwnedResource[]> {
    signal.throwIfAborted();
    const pools = await this.listPools(MANAGED_SELECTOR, signal);
    return pools.flatMap((pool): OwnedResource[] => {
      const name = pool.metadata?.name;
      if (name === undefined) return [];
      const workspace = pool.metadata?.labels?.[LABEL_WORKSPACE];
      const project = pool.metadata?.labels?.[LABEL_PROJECT];
      const ownerUid = pool.metadata?.annotations?.[ANNOTATION_PROJECT_UID];
      return [{ kind: 'subnet', id: name, name, ...(workspace === undefined ? {} : { workspace }), ...(project === undefined ? {} : { project }), ...(ownerUid === undefined ? {} : { ownerUid }) }];
    });
  }

  /** A pool only (Calico has no VPC objects): disabled, then deleted, if it still has our label and that owner. */
  async deleteOwned(resource: OwnedResource, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (resource.kind !== 'subnet') return;
    await this.deletePool(resource.name, { project: resource.project ?? '', projectUid: resource.ownerUid ?? '' }, signal);
  }

  /** One paged list of Calico's IPAM blocks per round, counted against the recorded subnets. */
  async addressUsage(subnets: readonly AddressUsageRequest[], signal: AbortSignal): Promise<AddressUsage[]> {
    signal.throwIfAborted();
    const blocks: IpamBlockObject[] = [];
    let continueToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.list<IpamBlockObject>(CALICO_IPAMBLOCKS, { limit: LIST_PAGE_SIZE, continueToken, signal });
      } catch (err) {
        throw collectionError(err, 'listing IPAMBlocks');
      }
      blocks.push(...page.items);
      continueToken = page.metadata.continue === '' ? undefined : page.metadata.continue;
    } while (continueToken !== undefined);
    return addressUsageOf(subnets, blocks);
  }

  namespaceAnnotationsFor(project: string): Readonly<Record<string, string>> {
    return namespaceAnnotationsFor(poolName(project));
  }

  async clusterPodCidrs(signal: AbortSignal): Promise<string[]> {
    signal.throwIfAborted();
    const pools = await this.listPools(FOREIGN_SELECTOR, signal);
    this.foreignPools = { atMs: Date.now(), pools };
    return podCidrsOf(pools);
  }

  /** Best effort: a failed list (e.g. Calico not installed yet) finds nothing and is tried again next time. */
  private async recentForeignPools(signal: AbortSignal): Promise<readonly IpPoolObject[]> {
    if (this.foreignPools !== undefined && Date.now() - this.foreignPools.atMs < this.foreignPoolRecheckMs) return this.foreignPools.pools;
    try {
      const pools = await this.listPools(FOREIGN_SELECTOR, signal);
      this.foreignPools = { atMs: Date.now(), pools };
      return pools;
    } catch {
      return [];
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private subnetState(name: string, cidr: Cidr, requestedGateway: string): SubnetState {
    return {
      id: name,
      cidr: formatCidr(cidr),
      gateway: gatewayOf(cidr) ?? requestedGateway,
      ready: true,
      namespaceAnnotations: namespaceAnnotationsFor(name),
    };
  }

  /** The pool recorded in status, if it is still this project's; a wrong or stale hint yields undefined. */
  private async adoptKnownPool(name: string, desired: RenderedPool, owner: PoolOwner, signal: AbortSignal): Promise<string | undefined> {
    const live = await this.getPool(name, signal);
    if (live === undefined) return undefined;
    const verdict = judgeExistingPool(live, desired, owner);
    switch (verdict.kind) {
      case 'adopt':
        await this.repairPool(name, verdict.patch, signal);
        return name;
      case 'deleting':
        throw poolBusy('SubnetDeleting', `IPPool ${name} is being deleted; a new one is created once it is gone`);
      case 'stale':
        await this.deleteStalePool(live, signal);
        return undefined;
      case 'foreign':
        return undefined;
    }
  }

  private async createOrAdoptPool(desired: RenderedPool, owner: PoolOwner, signal: AbortSignal): Promise<string> {
    const name = desired.metadata.name;
    for (let round = 0; round < MAX_CREATE_ROUNDS; round++) {
      try {
        await this.client.create(CALICO_IPPOOLS, desired, signal);
        return name;
      } catch (err) {
        if (!isAlreadyExists(err)) throw collectionError(err, `creating IPPool ${name}`);
      }
      const live = await this.getPool(name, signal);
      if (live === undefined) continue; // deleted since the create was refused
      const verdict = judgeExistingPool(live, desired, owner);
      switch (verdict.kind) {
        case 'foreign':
          throw terminalError(
            'SubnetNameConflict',
            `IPPool ${name} exists but was not created by ${CONTROLLER_NAME} (no ${LABEL_MANAGED_BY} label); rename or delete it to give project ${owner.project} a subnet`,
          );
        case 'deleting':
          throw poolBusy('SubnetDeleting', `IPPool ${name} is being deleted; a new one is created once it is gone`);
        case 'stale':
          // A pool's range cannot be changed safely in Calico: replace it.
          await this.deleteStalePool(live, signal);
          continue;
        case 'adopt':
          await this.repairPool(name, verdict.patch, signal);
          return name;
      }
    }
    throw poolBusy('SubnetChanging', `IPPool ${name} kept changing while it was being created`);
  }

  private async getPool(name: string, signal: AbortSignal): Promise<IpPoolObject | undefined> {
    try {
      return await this.client.get<IpPoolObject>(CALICO_IPPOOLS, name, undefined, signal);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw inContext(err, `reading IPPool ${name}`);
    }
  }

  private async repairPool(name: string, patch: PoolPatch | undefined, signal: AbortSignal): Promise<void> {
    if (patch === undefined) return;
    try {
      await this.client.mergePatch(CALICO_IPPOOLS, name, patch, { signal });
    } catch (err) {
      if (isNotFound(err)) throw poolBusy('SubnetChanging', `IPPool ${name} disappeared while it was being repaired`);
      throw inContext(err, `repairing IPPool ${name}`);
    }
  }

  /** Deletes exactly the pool that was judged stale; if it is gone or replaced meanwhile, fine. */
  private async deleteStalePool(live: IpPoolObject, signal: AbortSignal): Promise<void> {
    const name = live.metadata?.name ?? '';
    try {
      await this.client.delete(CALICO_IPPOOLS, name, { ...(live.metadata?.uid === undefined ? {} : { uid: live.metadata.uid }), signal });
    } catch (err) {
      if (isNotFound(err) || isPreconditionFailed(err)) return;
      throw inContext(err, `deleting stale IPPool ${name}`);
    }
  }

  /** Disable (so Calico hands out no new addresses), then delete. Gone at any step is success. */
  private async deletePool(name: string, owner: Owner, signal: AbortSignal): Promise<void> {
    let uid: string | undefined;
    try {
      uid = (await this.client.jsonPatch<IpPoolObject>(CALICO_IPPOOLS, name, disableIfOwnedOperations(owner), { signal })).metadata?.uid;
    } catch (err) {
      if (isNotFound(err)) return;
      if (!isUnprocessable(err)) throw inContext(err, `disabling IPPool ${name}`);
      const checked = await this.disableAfterCheck(name, owner, signal);
      if (checked.gone) return;
      uid = checked.uid;
    }
    await this.deleteDisabledPool(name, uid, signal);
  }

  /** The ownership test failed: find out why, and disable the pool if it is ours after all. */
  private async disableAfterCheck(name: string, owner: Owner, signal: AbortSignal): Promise<{ gone: true } | { gone: false; uid: string | undefined }> {
    const live = await this.getPool(name, signal);
    if (live === undefined) return { gone: true };
    switch (judgePoolForDeletion(live, owner)) {
      case 'foreign':
        throw terminalError('SubnetNotOwned', `IPPool ${name} was not created by ${CONTROLLER_NAME}; refusing to delete it`);
      case 'otherIncarnation':
        // The pool of a re-created project of the same name: this incarnation's pool is already gone.
        return { gone: true };
      case 'ours':
        break;
    }
    try {
      const patch = { metadata: { resourceVersion: live.metadata?.resourceVersion }, spec: { disabled: true } };
      const disabled = await this.client.mergePatch<IpPoolObject>(CALICO_IPPOOLS, name, patch, { signal });
      return { gone: false, uid: disabled.metadata?.uid };
    } catch (err) {
      if (isNotFound(err)) return { gone: true };
      throw inContext(err, `disabling IPPool ${name}`);
    }
  }

  private async deleteDisabledPool(name: string, uid: string | undefined, signal: AbortSignal): Promise<void> {
    let result: KubeObject & { status?: unknown };
    try {
      // Preconditioned on the pool just disabled; the raw request shows whether a finalizer holds it.
      result = await this.client.request('DELETE', resourcePath(CALICO_IPPOOLS, { name }), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', ...(uid === undefined ? {} : { preconditions: { uid } }) },
        signal,
      });
    } catch (err) {
      // 409 here is a failed UID precondition: the pool we disabled is gone and another took its name.
      if (isNotFound(err) || isPreconditionFailed(err)) return;
      throw inContext(err, `deleting IPPool ${name}`);
    }
    const finalizers = result.kind === 'Status' ? [] : (result.metadata?.finalizers ?? []);
    if (finalizers.length > 0) throw poolBusy('SubnetDeleting', `IPPool ${name} is waiting for finalizers ${finalizers.join(', ')}`);
  }

  private async listPools(labelSelector: string, signal: AbortSignal): Promise<IpPoolObject[]> {
    const pools: IpPoolObject[] = [];
    let continueToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.list<IpPoolObject>(CALICO_IPPOOLS, { labelSelector, limit: LIST_PAGE_SIZE, continueToken, signal });
      } catch (err) {
        throw collectionError(err, 'listing IPPools');
      }
      pools.push(...page.items);
      continueToken = page.metadata.continue === '' ? undefined : page.metadata.continue;
    } while (continueToken !== undefined);
    return pools;
  }
}

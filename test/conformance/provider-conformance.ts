// The provider conformance suite (docs/providers.md): the same scenarios against every
// NetworkProvider, so the controllers can rely on the contract alone. A test file calls
// `describeProviderConformance` with a setup that builds the provider against its backend (a real
// apiserver, a simulator).
//
// Everything the suite creates gets fresh random names, so it can share a backend with other tests;
// it deletes what it created at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cidrContains, gatewayOf, parseCidr } from '../../src/ipam/index.js';
import type { NetworkProvider, OwnedResource, SubnetRef, SubnetSpec, VpcSpec, VpcState } from '../../src/providers/contract.js';
import { ControllerError } from '../../src/util/errors.js';

export interface ProviderUnderTest {
  readonly provider: NetworkProvider;
  /** A VPC range the provider accepts (e.g. '10.128.0.0/16' for Calico, '172.16.0.0/16' for QingCloud). */
  readonly vpcCidr: string;
  /** Distinct valid subnets inside `vpcCidr` for distinct `index` values (the suite uses 1…60). */
  subnetCidr(index: number): string;
  /** A second provider on the same backend, sharing no in-memory state: a restarted controller. */
  newProviderInstance(): Promise<NetworkProvider>;
  /** Releases clients and servers; the suite has already deleted what it created. */
  cleanup(): Promise<void>;
}

export interface ConformanceOptions {
  /** Per-test timeout; backends with slow jobs need more. */
  readonly timeoutMs?: number;
  /** What counts as prompt for an already-aborted signal. */
  readonly abortPromptMs?: number;
}

interface Workspace {
  readonly spec: VpcSpec;
  readonly state: VpcState;
}

/** A fresh signal per call that gives up with the test instead of hanging it. */
function liveSignal(timeoutMs: number): AbortSignal {
  return AbortSignal.timeout(timeoutMs);
}

function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort(new Error('aborted by the conformance suite'));
  return controller.signal;
}

function gatewayFor(cidr: string): string {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(`setup gave an invalid subnet ${cidr}: ${parsed.message}`);
  const gateway = gatewayOf(parsed.cidr);
  if (gateway === undefined) throw new Error(`subnet ${cidr} has no room for a gateway`);
  return gateway;
}

function inside(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  return a.ok && b.ok && cidrContains(b.cidr, a.cidr);
}

/** Awaits `promise`, expecting a ControllerError with a code and a boolean `retryable`. */
async function expectControllerError(promise: Promise<unknown>, expected: { retryable?: boolean } = {}): Promise<ControllerError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(ControllerError);
  if (!(error instanceof ControllerError)) throw new Error('unreachable');
  expect(typeof error.code).toBe('string');
  expect(error.code).toMatch(/^[A-Z][A-Za-z0-9]*$/);
  expect(typeof error.retryable).toBe('boolean');
  if (expected.retryable !== undefined) expect(error.retryable).toBe(expected.retryable);
  return error;
}

export function describeProviderConformance(name: string, setup: () => Promise<ProviderUnderTest>, options: ConformanceOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const abortPromptMs = options.abortPromptMs ?? 1000;

  describe(`provider conformance: ${name}`, () => {
    let env: ProviderUnderTest | undefined;
    const run = randomBytes(3).toString('hex');
    let sequence = 0;
    let subnetIndex = 0;
    const createdSubnets: SubnetRef[] = [];
    const createdVpcs: VpcSpec[] = [];

    const target = (): ProviderUnderTest => {
      if (env === undefined) throw new Error('setup did not finish');
      return env;
    };
    const provider = (): NetworkProvider => target().provider;
    const signal = (): AbortSignal => liveSignal(timeoutMs);
    /** Short names: some providers encode workspace, project and UID in one length-limited name. */
    const uniqueName = (kind: 'w' | 'p'): string => `cf${run}${kind}${String(++sequence)}`;
    const nextSubnetCidr = (): string => target().subnetCidr(++subnetIndex);

    async function newWorkspace(p: NetworkProvider = provider()): Promise<Workspace> {
      const spec: VpcSpec = { workspace: uniqueName('w'), workspaceUid: randomUUID(), cidr: target().vpcCidr };
      createdVpcs.push(spec);
      return { spec, state: await p.ensureVpc(spec, signal()) };
    }

    function subnetSpec(ws: Workspace, cidr = nextSubnetCidr(), project = uniqueName('p'), projectUid: string = randomUUID()): SubnetSpec {
      const spec: SubnetSpec = {
        workspace: ws.spec.workspace,
        project,
        projectUid,
        cidr,
        gateway: gatewayFor(cidr),
        vpc: { workspace: ws.spec.workspace, workspaceUid: ws.spec.workspaceUid, id: ws.state.id, cidr: ws.state.cidr },
      };
      createdSubnets.push({ workspace: spec.workspace, project: spec.project, projectUid: spec.projectUid, vpcId: ws.state.id });
      return spec;
    }

    function refOf(spec: SubnetSpec, id?: string): SubnetRef {
      return { workspace: spec.workspace, project: spec.project, projectUid: spec.projectUid, vpcId: spec.vpc.id, ...(id === undefined ? {} : { id }) };
    }

    async function ownedSubnetsOf(project: string, p: NetworkProvider = provider()): Promise<OwnedResource[]> {
      return (await p.listOwned(signal())).filter((o) => o.kind === 'subnet' && o.project === project);
    }

    beforeAll(async () => {
      env = await setup();
    }, timeoutMs);

    afterAll(async () => {
      if (env === undefined) return;
      // Best effort: scenarios delete most of what they create; this catches failures halfway.
      for (const ref of createdSubnets) await env.provider.deleteSubnet(ref, signal()).catch(() => undefined);
      for (const vpc of createdVpcs) await env.provider.deleteVpc({ workspace: vpc.workspace, workspaceUid: vpc.workspaceUid }, signal()).catch(() => undefined);
      await env.cleanup();
    }, timeoutMs * 2);

    it('describes itself consistently with the ranges the setup uses', () => {
      const { provider: p, vpcCidr } = target();
      expect(p.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(typeof p.capabilities.trafficMetrics).toBe('boolean');
      expect(p.capabilities.trafficMetrics).toBe(typeof p.sampleTraffic === 'function');
      if (p.capabilities.allowedVpcRanges !== undefined) expect(p.capabilities.allowedVpcRanges).toContain(vpcCidr);
      const fixed = p.capabilities.fixedSubnetPrefixLength;
      if (fixed !== undefined) expect(target().subnetCidr(1).endsWith(`/${String(fixed)}`)).toBe(true);
    });

    it('ensureVpc is idempotent: the same ready VPC with the requested range', async () => {
      const ws = await newWorkspace();
      expect(ws.state).toMatchObject({ cidr: target().vpcCidr, ready: true });
      expect(ws.state.id).not.toBe('');
      const again = await provider().ensureVpc(ws.spec, signal());
      expect(again).toMatchObject({ id: ws.state.id, cidr: target().vpcCidr, ready: true });
      const hinted = await provider().ensureVpc({ ...ws.spec, knownId: ws.state.id }, signal());
      expect(hinted.id).toBe(ws.state.id);
      const restarted = await (await target().newProviderInstance()).ensureVpc(ws.spec, signal());
      expect(restarted.id).toBe(ws.state.id);
    }, timeoutMs);

    it('ensureSubnet is idempotent and creates no duplicate', async () => {
      const ws = await newWorkspace();
      const spec = subnetSpec(ws);
      const first = await provider().ensureSubnet(spec, signal());
      expect(first).toMatchObject({ cidr: spec.cidr, gateway: spec.gateway, ready: true });
      expect(first.id).not.toBe('');
      const again = await provider().ensureSubnet(spec, signal());
      expect(again).toMatchObject({ id: first.id, cidr: spec.cidr, ready: true });
      expect(again.namespaceAnnotations).toEqual(first.namespaceAnnotations);
      const hinted = await provider().ensureSubnet({ ...spec, knownId: first.id }, signal());
      expect(hinted).toMatchObject({ id: first.id, cidr: spec.cidr, ready: true });
      expect((await ownedSubnetsOf(spec.project)).map((o) => o.id)).toEqual([first.id]);
      await provider().deleteSubnet(refOf(spec, first.id), signal());
    }, timeoutMs);

    it('a restarted provider (new instance, no known id) adopts the existing subnet', async () => {
      const ws = await newWorkspace();
      const spec = subnetSpec(ws);
      const first = await provider().ensureSubnet(spec, signal());
      const restarted = await target().newProviderInstance();
      const vpcAgain = await restarted.ensureVpc(ws.spec, signal());
      expect(vpcAgain.id).toBe(ws.state.id);
      const adopted = await restarted.ensureSubnet(spec, signal());
      expect(adopted).toMatchObject({ id: first.id, cidr: spec.cidr, ready: true });
      const owned = await ownedSubnetsOf(spec.project, restarted);
      expect(owned.map((o) => o.id)).toEqual([first.id]);
      expect(owned[0]?.workspace).toBe(spec.workspace);
      await restarted.deleteSubnet(refOf(spec, first.id), signal());
    }, timeoutMs);

    it('two projects get two distinct subnets', async () => {
      const ws = await newWorkspace();
      const a = subnetSpec(ws);
      const b = subnetSpec(ws);
      const [stateA, stateB] = await Promise.all([provider().ensureSubnet(a, signal()), provider().ensureSubnet(b, signal())]);
      expect(stateA.id).not.toBe(stateB.id);
      expect(stateA.cidr).toBe(a.cidr);
      expect(stateB.cidr).toBe(b.cidr);
      expect((await ownedSubnetsOf(a.project)).map((o) => o.id)).toEqual([stateA.id]);
      expect((await ownedSubnetsOf(b.project)).map((o) => o.id)).toEqual([stateB.id]);
      await provider().deleteSubnet(refOf(a, stateA.id), signal());
      expect(await ownedSubnetsOf(a.project)).toEqual([]);
      expect((await ownedSubnetsOf(b.project)).map((o) => o.id)).toEqual([stateB.id]);
      await provider().deleteSubnet(refOf(b, stateB.id), signal());
    }, timeoutMs);

    it('deleteSubnet is idempotent and the subnet leaves listOwned', async () => {
      const ws = await newWorkspace();
      const spec = subnetSpec(ws);
      const state = await provider().ensureSubnet(spec, signal());
      await provider().deleteSubnet(refOf(spec, state.id), signal());
      expect(await ownedSubnetsOf(spec.project)).toEqual([]);
      await provider().deleteSubnet(refOf(spec, state.id), signal());
      await provider().deleteSubnet(refOf(spec), signal());
      expect(await ownedSubnetsOf(spec.project)).toEqual([]);
    }, timeoutMs);

    it('deleteSubnet without a recorded id finds the subnet by its owner (crash before the id was saved)', async () => {
      const ws = await newWorkspace();
      const spec = subnetSpec(ws);
      await provider().ensureSubnet(spec, signal());
      await (await target().newProviderInstance()).deleteSubnet(refOf(spec), signal());
      expect(await ownedSubnetsOf(spec.project)).toEqual([]);
    }, timeoutMs);

    it('deleteSubnet of a project that never had a subnet succeeds', async () => {
      const ws = await newWorkspace();
      const spec = subnetSpec(ws);
      await provider().deleteSubnet(refOf(spec), signal());
      expect(await ownedSubnetsOf(spec.project)).toEqual([]);
    }, timeoutMs);

    /** The UID a resource records is its owner's, whole or a prefix of it (dashes aside). */
    const ownedBy = (resource: OwnedResource | undefined, uid: string): boolean =>
      resource?.ownerUid !== undefined && resource.ownerUid !== '' && uid.replaceAll('-', '').startsWith(resource.ownerUid.replaceAll('-', ''));

    it('listOwned names each subnet\'s owner; deleteOwned removes exactly that subnet, and again is a no-op', async () => {
      const ws = await newWorkspace();
      const [a, b] = [subnetSpec(ws), subnetSpec(ws)];
      await provider().ensureSubnet(a, signal());
      const stateB = await provider().ensureSubnet(b, signal());
      const [ownedA] = await ownedSubnetsOf(a.project);
      expect(ownedBy(ownedA, a.projectUid)).toBe(true);
      if (ownedA === undefined) throw new Error('unreachable');
      await provider().deleteOwned(ownedA, signal());
      expect(await ownedSubnetsOf(a.project)).toEqual([]);
      await provider().deleteOwned(ownedA, signal());
      expect((await ownedSubnetsOf(b.project)).map((o) => o.id)).toEqual([stateB.id]);
      await provider().deleteSubnet(refOf(b, stateB.id), signal());
    }, timeoutMs);

    it('deleteOwned leaves alone a subnet re-created for a new owner since it was listed', async () => {
      const ws = await newWorkspace();
      const old = subnetSpec(ws);
      const oldState = await provider().ensureSubnet(old, signal());
      const [listed] = await ownedSubnetsOf(old.project);
      if (listed === undefined) throw new Error('the subnet was not listed');
      await provider().deleteSubnet(refOf(old, oldState.id), signal());
      const renewed = subnetSpec(ws, old.cidr, old.project);
      const renewedState = await provider().ensureSubnet(renewed, signal());
      await provider().deleteOwned(listed, signal());
      const [still] = await ownedSubnetsOf(renewed.project);
      expect(still?.id).toBe(renewedState.id);
      expect(ownedBy(still, renewed.projectUid)).toBe(true);
      await provider().deleteSubnet(refOf(renewed, renewedState.id), signal());
    }, timeoutMs);

    it('deleteOwned removes a listed VPC once it has no subnets (providers that list VPCs)', async () => {
      const ws = await newWorkspace();
      const listed = (await provider().listOwned(signal())).find((o) => o.kind === 'vpc' && o.id === ws.state.id);
      if (listed === undefined) return; // Calico: a VPC is only a reserved range, nothing to list
      expect(ownedBy(listed, ws.spec.workspaceUid)).toBe(true);
      await provider().deleteOwned(listed, signal());
      expect((await provider().listOwned(signal())).filter((o) => o.kind === 'vpc' && o.id === ws.state.id)).toEqual([]);
    }, timeoutMs);

    it('deleteVpc is idempotent, also for a VPC that never existed', async () => {
      const ws = await newWorkspace();
      const ref = { workspace: ws.spec.workspace, workspaceUid: ws.spec.workspaceUid, id: ws.state.id };
      await provider().deleteVpc(ref, signal());
      await provider().deleteVpc(ref, signal());
      await provider().deleteVpc({ workspace: uniqueName('w'), workspaceUid: randomUUID() }, signal());
      expect((await provider().listOwned(signal())).filter((o) => o.kind === 'vpc' && o.id === ws.state.id)).toEqual([]);
    }, timeoutMs);

    it('a subnet range freed by deleteSubnet can be used again, by another project or a re-created one', async () => {
      const ws = await newWorkspace();
      const first = subnetSpec(ws);
      const firstState = await provider().ensureSubnet(first, signal());
      await provider().deleteSubnet(refOf(first, firstState.id), signal());

      const other = subnetSpec(ws, first.cidr);
      const otherState = await provider().ensureSubnet(other, signal());
      expect(otherState).toMatchObject({ cidr: first.cidr, ready: true });
      await provider().deleteSubnet(refOf(other, otherState.id), signal());

      // The same project name again, as a new namespace (new UID).
      const recreated = subnetSpec(ws, first.cidr, first.project);
      const recreatedState = await provider().ensureSubnet(recreated, signal());
      expect(recreatedState).toMatchObject({ cidr: first.cidr, ready: true });
      expect((await ownedSubnetsOf(first.project)).map((o) => o.id)).toEqual([recreatedState.id]);
      await provider().deleteSubnet(refOf(recreated, recreatedState.id), signal());
      expect(await ownedSubnetsOf(first.project)).toEqual([]);
    }, timeoutMs);

    it('an already-aborted signal rejects promptly and changes nothing', async () => {
      const ws = await newWorkspace();
      const spec = subnetSpec(ws);
      const calls: [string, () => Promise<unknown>][] = [
        ['ensureVpc', () => provider().ensureVpc({ ...ws.spec, workspace: uniqueName('w') }, abortedSignal())],
        ['ensureSubnet', () => provider().ensureSubnet(spec, abortedSignal())],
        ['deleteSubnet', () => provider().deleteSubnet(refOf(spec), abortedSignal())],
        ['deleteVpc', () => provider().deleteVpc(ws.spec, abortedSignal())],
        ['listOwned', () => provider().listOwned(abortedSignal())],
        ['deleteOwned', () => provider().deleteOwned({ kind: 'subnet', id: 'x', name: 'x' }, abortedSignal())],
      ];
      for (const [operation, call] of calls) {
        const started = performance.now();
        const outcome = await call().then(
          () => 'resolved',
          () => 'rejected',
        );
        expect({ operation, outcome }).toEqual({ operation, outcome: 'rejected' });
        expect(performance.now() - started).toBeLessThan(abortPromptMs);
      }
      expect(await ownedSubnetsOf(spec.project)).toEqual([]);
    }, timeoutMs);

    it('invalid requests fail with a terminal ControllerError', async () => {
      const ws = await newWorkspace();
      await expectControllerError(provider().ensureVpc({ ...ws.spec, workspace: uniqueName('w'), cidr: 'not-a-cidr' }, signal()), { retryable: false });
      // A subnet outside its VPC: retrying cannot help.
      const prefix = target().subnetCidr(1).split('/')[1] ?? '24';
      const outsideCidr = ['203.0.113.0', '198.51.100.0'].map((base) => `${base}/${prefix}`).find((cidr) => !inside(cidr, ws.state.cidr)) ?? '';
      const outside = subnetSpec(ws, outsideCidr);
      await expectControllerError(provider().ensureSubnet(outside, signal()), { retryable: false });
      await provider().deleteSubnet(refOf(outside), signal());
    }, timeoutMs);
  });
}

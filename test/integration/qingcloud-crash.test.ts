// The controller killed mid-provision: `src/cmd/main.ts` runs as a child process against the
// simulator (configured through QINGCLOUD_* like the demo) and is SIGKILLed three times — while a
// router is being created, while vxnets are being created, while they are being joined — and
// restarted each time. In the end every workspace has exactly one router and every project exactly
// one vxnet, all recorded in status and registered with hostnic (the namespace mapped to exactly
// its vxnet's blocks), and deleting the tenants leaves nothing behind, in hostnic's objects only
// the admin's entries.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createProvider } from '../../src/cmd/provider-factory.js';
import { KubeClient } from '../../src/kube/kube-client.js';
import { silentLogger } from '../../src/util/logger.js';
import { eventually } from '../support/eventually.js';
import {
  createTenants,
  deleteTenants,
  expectNothingLeft,
  expectHostnicMatches,
  expectSimulatorMatches,
  HOSTNIC_DEFAULT_VXNET,
  hostnicView,
  forceRemoveTenants,
  qingcloudControllerConfig,
  startControllerProcess,
  startQingCloudEnv,
  tenants,
  waitAllReady,
  type ControllerChild,
  type QingCloudEnv,
} from '../support/qingcloud-env.js';

describe('QingCloud: the controller killed mid-provision and restarted', () => {
  const t = tenants('qc-crash', 3, 4);
  let env: QingCloudEnv;
  let child: ControllerChild | undefined;
  const outputs: string[] = [];

  beforeAll(async () => {
    // Jobs long enough that each kill lands while something is half done.
    env = await startQingCloudEnv('qc-crash', { timings: { jobWorkingMs: { CreateRouters: 1500, JoinRouter: 400, LeaveRouter: 150, DeleteRouters: 200 } } });
  }, 60_000);

  afterAll(async () => {
    await child?.crash();
    await forceRemoveTenants(env.admin, t);
    await env.stop();
  }, 60_000);

  const count = (action: string): number => env.sim.calls().filter((c) => c.action === action && c.retCode === 0).length;

  /** Starts the controller and SIGKILLs it as soon as the simulator has seen `when` happen. */
  async function runUntil(label: string, when: () => boolean): Promise<void> {
    child = startControllerProcess(env);
    await eventually(() => { expect({ label, reached: when() }).toEqual({ label, reached: true }); }, 90_000, 5);
    await child.crash();
    outputs.push(child.output());
    child = undefined;
  }

  it('ends with one router per workspace and one vxnet per project, none duplicated', async () => {
    await createTenants(env.admin, t);
    await runUntil('a router is being created', () => count('CreateRouters') >= 1);
    await runUntil('vxnets are being created', () => count('CreateVxnets') >= 4);
    await runUntil('vxnets are being joined', () => count('JoinRouter') >= 6);
    child = startControllerProcess(env);
    const provisioned = await waitAllReady(env.admin, t, 120_000);
    // Vxnets are adopted (or moved to the range the restarted controller picked), never created
    // twice. A router made with a range the restarted controller did not pick again is replaced:
    // the account ends with exactly the recorded ones live, the others deleted.
    expect(count('CreateVxnets')).toBe(12);
    const replaced = count('CreateRouters') - 3;
    process.stderr.write(`[qingcloud] crash: ${replaced} router(s) replaced, ${count('LeaveRouter')} vxnet(s) moved\n`);
    expect(replaced).toBe(count('DeleteRouters'));
    expectSimulatorMatches(env.sim, t, provisioned);
    // Registrations interrupted by the kills are finished, none doubled: each namespace maps to its own vxnet.
    await expectHostnicMatches(env.admin, provisioned);
  }, 300_000);

  it('deleting the tenants then leaves nothing in the account', async () => {
    await deleteTenants(env.admin, t, 90_000);
    await child?.stop();
    if (child !== undefined) outputs.push(child.output());
    child = undefined;
    const parsed = qingcloudControllerConfig(env.sim, env.secretNamespace);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const client = await KubeClient.fromKubeConfig(env.access.adminKubeConfig());
    try {
      const provider = await createProvider(parsed.config, client, silentLogger(), undefined, {});
      await expectNothingLeft(env.sim, provider);
      const hostnic = await hostnicView(env.admin);
      expect([hostnic.vxnets, hostnic.mapping]).toEqual([[HOSTNIC_DEFAULT_VXNET], { Default: [HOSTNIC_DEFAULT_VXNET] }]);
    } finally {
      await client.close();
    }
  }, 150_000);

  it('never wrote the secret key to its log', () => {
    expect(outputs.length).toBe(4);
    for (const text of outputs) {
      expect(text).toContain('using the QingCloud provider');
      expect(text).not.toContain(env.sim.secretAccessKey);
    }
  });
});

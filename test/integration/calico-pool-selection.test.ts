// Which pods may draw from a project's pool, on both IPPool CRD flavours, against a real apiserver
// of its own (the IPPool CRD is swapped mid-file, which other files must not see). Calico 3.28's
// CRD has no assignmentMode and prunes it silently; Calico >= 3.30's has it. The plug-in reads the
// installed CRD at start-up: project pools get `nodeSelector: !all()` on both, `assignmentMode:
// Manual` only where the field exists, and the steady state writes nothing on either (a pruned
// field written anyway would be "repaired" on every reconcile).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CALICO_IPPOOLS } from '../../src/api/resources.js';
import { KubeClient, type RequestInfo } from '../../src/kube/kube-client.js';
import type { SubnetSpec } from '../../src/providers/contract.js';
import { calicoPlugin } from '../../src/providers/calico/index.js';
import type { IpPoolObject } from '../../src/providers/calico/ippool.js';
import { CALICO_DEFAULTS, type CalicoSettingsInput } from '../../src/providers/calico/options.js';
import type { NetworkProvider } from '../../src/providers/contract.js';
import { createLogger } from '../../src/util/logger.js';
import { LocalControlPlane } from '../harness/control-plane.js';
import { CALICO_328_IPPOOL_CRD, CRD_FILES } from '../support/crd-paths.js';

const VPC = '10.210.0.0/16';

describe('project pools on Calico 3.28-like and >= 3.30-like IPPool CRDs', () => {
  let plane: LocalControlPlane;
  let admin: KubeClient;
  let requests: string[] = [];
  let counted: KubeClient;
  let sequence = 0;
  const signal = (): AbortSignal => AbortSignal.timeout(20_000);

  beforeAll(async () => {
    plane = await LocalControlPlane.start();
    await plane.access.installCrds([CALICO_328_IPPOOL_CRD]);
    admin = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig());
    counted = await KubeClient.fromKubeConfig(plane.access.adminKubeConfig(), {
      onRequest: (info: RequestInfo) => requests.push(`${info.method} ${String(info.status)}`),
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([admin.close(), counted.close()]);
    await plane.stop();
  });

  /** The provider as cmd/ builds it, and the warnings it logged. */
  async function started(settings: CalicoSettingsInput = {}): Promise<{ provider: NetworkProvider; warnings: string[] }> {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', destination: { write: (line: string) => { lines.push(line); } } });
    const provider = await calicoPlugin.create({ ...CALICO_DEFAULTS, ...settings }, { client: counted, log, namespace: 'tenant-network-system', env: {} });
    return { provider, warnings: lines.map((l) => String((JSON.parse(l) as { msg?: string }).msg)) };
  }

  function subnet(): SubnetSpec {
    const n = ++sequence;
    const cidr = `10.210.${String(n)}.0/24`;
    return { workspace: 'sel', project: `sel-p${String(n)}`, projectUid: randomUUID(), cidr, gateway: `10.210.${String(n)}.1`, vpc: { workspace: 'sel', workspaceUid: 'u', id: 'calico-sel', cidr: VPC } };
  }

  async function requestsOf(action: () => Promise<unknown>): Promise<string[]> {
    requests = [];
    await action();
    return requests;
  }

  const stored = (name: string): Promise<IpPoolObject> => admin.get<IpPoolObject>(CALICO_IPPOOLS, name);
  let olderPool = '';
  let olderSpec: SubnetSpec;

  it('3.28: !all() and no assignmentMode by default; one read and no write in the steady state', async () => {
    const { provider, warnings } = await started();
    expect(warnings).toEqual([]);
    olderSpec = subnet();
    const { id } = await provider.ensureSubnet(olderSpec, signal());
    olderPool = id;
    const pool = await stored(id);
    expect(pool.spec?.nodeSelector).toBe('!all()');
    expect(pool.spec).not.toHaveProperty('assignmentMode');
    expect(await requestsOf(() => provider.ensureSubnet({ ...olderSpec, knownId: id }, signal()))).toEqual(['GET 200']);
  });

  it('3.28: Manual asked for explicitly is left out with a warning, and causes no repair loop', async () => {
    const { provider, warnings } = await started({ assignmentMode: 'Manual' });
    expect(warnings).toEqual([expect.stringMatching(/assignmentMode Manual is not written: the installed IPPool CRD has no such field/)]);
    const spec = subnet();
    const { id } = await provider.ensureSubnet(spec, signal());
    expect((await stored(id)).spec).not.toHaveProperty('assignmentMode');
    expect(await requestsOf(() => provider.ensureSubnet({ ...spec, knownId: id }, signal()))).toEqual(['GET 200']);
    // Written anyway, the apiserver drops it: this is what detection avoids.
    await admin.mergePatch(CALICO_IPPOOLS, id, { spec: { assignmentMode: 'Manual' } });
    expect((await stored(id)).spec).not.toHaveProperty('assignmentMode');
  });

  it('>= 3.30: Manual by default; a pool made on 3.28 is moved to Manual once, then left alone', async () => {
    await plane.access.installCrds([CRD_FILES.calicoIpPools]);
    const { provider, warnings } = await started();
    expect(warnings).toEqual([]);
    const spec = subnet();
    const { id } = await provider.ensureSubnet(spec, signal());
    expect((await stored(id)).spec).toMatchObject({ nodeSelector: '!all()', assignmentMode: 'Manual' });
    expect(await requestsOf(() => provider.ensureSubnet({ ...spec, knownId: id }, signal()))).toEqual(['GET 200']);

    // After the Calico upgrade the old pool reads as Automatic (the CRD's default): repaired once.
    expect((await stored(olderPool)).spec?.assignmentMode).toBe('Automatic');
    expect(await requestsOf(() => provider.ensureSubnet({ ...olderSpec, knownId: olderPool }, signal()))).toEqual(['GET 200', 'PATCH 200']);
    expect((await stored(olderPool)).spec?.assignmentMode).toBe('Manual');
    expect(await requestsOf(() => provider.ensureSubnet({ ...olderSpec, knownId: olderPool }, signal()))).toEqual(['GET 200']);
  });

  it('>= 3.30: the admin may choose Automatic and another node selector', async () => {
    const { provider } = await started({ assignmentMode: 'Automatic', nodeSelector: "zone == 'a'" });
    const { id } = await provider.ensureSubnet(subnet(), signal());
    expect((await stored(id)).spec).toMatchObject({ nodeSelector: "zone == 'a'", assignmentMode: 'Automatic' });
  });
});

// A small stand-in for hostnic's controller, for tests without QingCloud: it watches the VxNetPool
// (by polling) and, as hostnic's docs describe, cuts each listed vxnet into blocks of
// `spec.blockSize` and reports them in `status.pools[]` as {name: <vxnet id>, ippool: <vxnet id>,
// subnets: [<block names>]}, block names like `4100-172-16-3-0-26`. It learns a vxnet's range from
// the QingCloud simulator (hostnic asks the QingCloud API); vxnets it cannot resolve get no entry.
// It never touches spec and never the IPAM ConfigMap (with subnet-auto-assign off, hostnic leaves
// the mapping to others).
import type { VxNetPoolStatusPool } from '../../src/api/external/hostnic-vxnetpool.js';
import { HOSTNIC_VXNETPOOLS } from '../../src/api/resources.js';
import { formatIpv4Address, parseCidr } from '../../src/ipam/index.js';
import { isNotFound } from '../../src/kube/api-error.js';
import type { KubeClient, KubeObject } from '../../src/kube/kube-client.js';

export interface HostnicSimulatorOptions {
  readonly client: KubeClient;
  readonly poolName?: string;
  /** The vxnet's ip_network once it is joined to a router (from the QingCloud simulator). */
  readonly vxnetCidr: (vxnetId: string) => string | undefined;
  readonly intervalMs?: number;
}

export interface HostnicSimulator {
  /** Rounds that changed status.pools. */
  readonly writes: () => number;
  /** Stops cutting blocks (a hostnic controller that is slow or down) until resumed. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

type Pool = KubeObject & { spec?: { blockSize?: number; vxnets?: { name: string }[] }; status?: { pools?: VxNetPoolStatusPool[] } };

/** hostnic names a block by a number of its vxnet and the block's range: `4100-172-16-3-0-26`. */
export function blockNames(vxnetId: string, cidr: string, blockSize: number): string[] {
  const parsed = parseCidr(cidr);
  if (!parsed.ok || blockSize < parsed.cidr.prefixLength || blockSize > 32) return [];
  const tag = 4000 + (Array.from(vxnetId, (c) => c.charCodeAt(0)).reduce((n, code) => n + code, 0) % 1000);
  const step = 2 ** (32 - blockSize);
  const count = 2 ** (blockSize - parsed.cidr.prefixLength);
  return Array.from({ length: count }, (_, i) => `${String(tag)}-${formatIpv4Address(parsed.cidr.base + i * step).replace(/\./g, '-')}-${String(blockSize)}`);
}

export function startHostnicSimulator(options: HostnicSimulatorOptions): HostnicSimulator {
  const name = options.poolName ?? 'v-pool';
  const state = { stopped: false, paused: false, writes: 0 };
  const round = async (): Promise<void> => {
    let pool: Pool;
    try {
      pool = await options.client.get<Pool>(HOSTNIC_VXNETPOOLS, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const blockSize = pool.spec?.blockSize ?? 26;
    const pools: VxNetPoolStatusPool[] = (pool.spec?.vxnets ?? []).flatMap((v) => {
      const cidr = options.vxnetCidr(v.name);
      return cidr === undefined ? [] : [{ name: v.name, ippool: v.name, subnets: blockNames(v.name, cidr, blockSize) }];
    });
    if (JSON.stringify(pool.status?.pools ?? []) === JSON.stringify(pools)) return;
    await options.client.mergePatch(HOSTNIC_VXNETPOOLS, name, { status: { pools, ready: true, process: 'done' } }, { subresource: 'status' });
    state.writes++;
  };
  const loop = (async () => {
    while (!state.stopped) {
      if (!state.paused) await round().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
    }
  })();
  return {
    writes: () => state.writes,
    pause: () => { state.paused = true; },
    resume: () => { state.paused = false; },
    stop: async () => {
      state.stopped = true;
      await loop;
    },
  };
}

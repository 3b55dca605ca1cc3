// Bandwidth measured on the wire: Debian's iperf3 run inside two pods' network namespaces. The client
// always runs with -R so that its per-interval figures are what arrived (for UDP the sender's own
// figures would only show what it offered); which pod is the server picks the direction measured.
import { spawn } from 'node:child_process';
import { runCommand } from '../../harness/node/node-cluster.js';
import type { ProbeEndpoint } from './probe-pods.js';

export interface RateMeasurement {
  readonly protocol: 'TCP' | 'UDP';
  /** Mean rate after the first `settleSeconds`, in bits per second. */
  readonly steadyBps: number;
  /** Bytes that arrived in the first `settleSeconds` beyond what the steady rate explains. */
  readonly burstBytes: number;
  readonly intervals: readonly { readonly start: number; readonly bps: number }[];
}

interface IperfJson {
  intervals?: { sum?: { start?: number; end?: number; bytes?: number; bits_per_second?: number } }[];
  error?: string;
}

const PORT = 5201;

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends from `sender` to `receiver` for `seconds` and reports what arrived. */
export async function measureRate(sender: ProbeEndpoint, receiver: ProbeEndpoint, options: { readonly protocol: 'TCP' | 'UDP'; readonly seconds?: number; readonly settleSeconds?: number; readonly udpOfferBps?: number }): Promise<RateMeasurement> {
  const seconds = options.seconds ?? 6;
  const settle = options.settleSeconds ?? 2;
  const server = spawn('nsenter', [`--net=${sender.netns}`, '--', 'iperf3', '-s', '-1', '-p', String(PORT)], { stdio: 'ignore' });
  try {
    // The server needs a moment to listen; a refused first attempt is retried.
    let json: IperfJson | undefined;
    for (let attempt = 0; attempt < 20 && json === undefined; attempt += 1) {
      await sleep(200);
      const args = [`--net=${receiver.netns}`, '--', 'iperf3', '-c', sender.ip, '-p', String(PORT), '-R', '-J', '-t', String(seconds), '-i', '1',
        ...(options.protocol === 'UDP' ? ['-u', '-b', String(options.udpOfferBps ?? 100_000_000), '-l', '1200'] : [])];
      const out = await runCommand('nsenter', args, { timeoutMs: (seconds + 20) * 1000 }).catch((err: unknown) => {
        if (err instanceof Error && err.message.includes('refused')) return undefined;
        throw err;
      });
      if (out !== undefined) json = JSON.parse(out) as IperfJson;
    }
    if (json === undefined) throw new Error(`iperf3 server in ${sender.name} never answered`);
    if (json.error !== undefined) throw new Error(`iperf3: ${json.error}`);
    const intervals = (json.intervals ?? []).map((i) => ({ start: i.sum?.start ?? 0, end: i.sum?.end ?? 0, bytes: i.sum?.bytes ?? 0, bps: i.sum?.bits_per_second ?? 0 }));
    const steady = intervals.filter((i) => i.start >= settle - 0.01);
    const steadySeconds = steady.reduce((s, i) => s + (i.end - i.start), 0);
    const steadyBps = steadySeconds === 0 ? 0 : (steady.reduce((s, i) => s + i.bytes, 0) * 8) / steadySeconds;
    const early = intervals.filter((i) => i.start < settle - 0.01);
    const earlyBytes = early.reduce((s, i) => s + i.bytes, 0);
    const earlySeconds = early.reduce((s, i) => s + (i.end - i.start), 0);
    return { protocol: options.protocol, steadyBps, burstBytes: Math.max(0, earlyBytes - (steadyBps / 8) * earlySeconds), intervals: intervals.map((i) => ({ start: i.start, bps: i.bps })) };
  } finally {
    server.kill('SIGKILL');
  }
}

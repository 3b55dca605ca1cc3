// A real Prometheus (Debian's `prometheus` package) on loopback for the traffic tests, scraping a
// tiny exporter the test runs, which serves cAdvisor-style network counters growing at known rates.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from '../harness/managed-process.js';
import { freePort } from '../harness/ports.js';
import { eventually } from './eventually.js';

export const PROMETHEUS_BINARY = process.env.TNC_PROMETHEUS ?? '/usr/bin/prometheus';

export interface CounterSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Growth per second. */
  readonly ratePerSecond: number;
}

export interface CounterExporter {
  readonly target: string;
  stop(): Promise<void>;
}

/** Serves each series as a counter equal to rate × seconds since start (plus an offset, as counters have). */
export async function startCounterExporter(series: readonly CounterSeries[]): Promise<CounterExporter> {
  const started = Date.now();
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    const seconds = (Date.now() - started) / 1000;
    const names = [...new Set(series.map((s) => s.name))];
    const lines = names.flatMap((name) => [
      `# TYPE ${name} counter`,
      ...series.filter((s) => s.name === name).map((s) => `${name}{${Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',')}} ${(1e6 + s.ratePerSecond * seconds).toFixed(3)}`),
    ]);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => { resolve(); }));
  return {
    target: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => { resolve(); });
    }),
  };
}

export interface PrometheusServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** A plain-HTTP job scraping the given targets (the test exporter). */
function staticJob(targets: readonly string[]): string[] {
  return ['  - job_name: cadvisor', '    static_configs:', `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`];
}

/** `targets`: plain-HTTP exporters; `jobs`: scrape_configs entries of its own (YAML lines), instead. */
export async function startPrometheus(targets: readonly string[], scrapeIntervalSeconds = 1, jobs?: readonly string[]): Promise<PrometheusServer> {
  if (!existsSync(PROMETHEUS_BINARY)) {
    throw new Error(`prometheus not found at ${PROMETHEUS_BINARY}: apt-get install -y prometheus (or set TNC_PROMETHEUS)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'tnc-prometheus-'));
  const port = await freePort();
  writeFileSync(join(dir, 'prometheus.yml'), [
    'global:',
    `  scrape_interval: ${scrapeIntervalSeconds}s`,
    `  evaluation_interval: ${scrapeIntervalSeconds}s`,
    'scrape_configs:',
    ...(jobs ?? staticJob(targets)),
    '',
  ].join('\n'));
  const process = ManagedProcess.start('prometheus', PROMETHEUS_BINARY, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--storage.tsdb.retention.time=1h',
    '--log.level=warn',
  ], join(dir, 'prometheus.log'));
  const url = `http://127.0.0.1:${port}`;
  try {
    await eventually(async () => {
      if (!process.running) throw new Error(`prometheus exited; see ${join(dir, 'prometheus.log')}`);
      const response = await fetch(`${url}/-/ready`);
      if (!response.ok) throw new Error(`prometheus not ready: ${response.status}`);
    }, 30_000, 200);
  } catch (err) {
    await process.stop();
    throw err;
  }
  return {
    url,
    stop: async () => {
      await process.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

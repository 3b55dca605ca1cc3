// Entry point: configuration, logging, the API client, the provider, then the controller until a
// signal. SIGTERM stops taking work, lets in-flight reconciles finish (bounded), releases the lease
// and exits 0; losing leadership exits 1 so the pod restarts as a clean standby.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Registry } from 'prom-client';
import { createApp } from '../controller/app.js';
import { loadConnection } from '../kube/connection.js';
import { KubeClient } from '../kube/kube-client.js';
import { registerProcessMetrics } from '../metrics/process-metrics.js';
import { createRuntimeMetrics } from '../metrics/runtime-metrics.js';
import { createLogger } from '../util/logger.js';
import { errorMessage } from '../util/errors.js';
import { appOptionsFrom } from './app-options.js';
import { missingCrds } from './crd-check.js';
import { parseConfig } from './config.js';
import { createProvider } from './provider-factory.js';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const configPath = argv.find((a) => a.startsWith('--config='))?.slice('--config='.length) ?? process.env.TNC_CONFIG;
  let file: unknown;
  if (configPath !== undefined && configPath !== '') {
    try {
      file = JSON.parse(readFileSync(configPath, 'utf8')) as unknown;
    } catch (err) {
      process.stderr.write(`invalid configuration: cannot read ${configPath}: ${errorMessage(err)}\n`);
      return 2;
    }
  }
  const parsed = parseConfig(file, process.env, argv);
  if (!parsed.ok) {
    process.stderr.write(`invalid configuration:\n${parsed.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return 2;
  }
  const config = parsed.config;
  const log = createLogger({ level: config.logLevel });
  const instance = process.env.POD_NAME ?? `${hostname()}-${process.pid}`;

  const registry = new Registry();
  registerProcessMetrics(registry);
  // Created before the client so every API request is counted (rest_client_requests_total).
  const metrics = createRuntimeMetrics(registry);
  const client = new KubeClient(loadConnection(process.env), {
    connections: Math.max(8, config.concurrency * 2),
    onRequest: (request) => { metrics.restRequest(request.method, request.status); },
  });
  const missing = await missingCrds(client, config.provider);
  if (missing.length > 0) {
    log.fatal({ missing }, 'required CustomResourceDefinitions are not installed (install the Helm chart, or apply charts/tenant-network-controller/crds/)');
    return 3;
  }
  const provider = await createProvider(config, client, log, registry);

  let exitCode = 0;
  const options = appOptionsFrom(config, { client, provider, log, registry, metrics, instance });
  if (config.traffic.enabled && options.traffic === undefined) log.info('traffic sampling off: no traffic.prometheusUrl, and the provider has no traffic monitoring of its own');
  const app = createApp({
    ...options,
    onLeadershipLost: () => {
      log.error('lost leadership; exiting so a fresh start becomes a standby');
      exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    },
  });

  const stopped = new Promise<void>((resolve) => {
    const onSignal = (signal: string): void => {
      log.info({ signal }, 'shutting down');
      app.stop().then(resolve, (err: unknown) => {
        log.error({ err: errorMessage(err) }, 'shutdown failed');
        exitCode = 1;
        resolve();
      });
    };
    process.once('SIGTERM', () => { onSignal('SIGTERM'); });
    process.once('SIGINT', () => { onSignal('SIGINT'); });
  });
  await app.start();
  log.info(
    { provider: provider.name, instance, probePort: app.manager.probePort, leaderElection: config.leaderElection, webhook: config.webhook.enabled, traffic: config.traffic.enabled },
    'tenant-network-controller started',
  );
  await stopped;
  provider.close?.();
  await client.close();
  return exitCode;
}

main().then(
  (code) => { process.exit(code); },
  (err: unknown) => {
    process.stderr.write(`fatal: ${errorMessage(err)}\n`);
    process.exit(1);
  },
);

// Entry point: configuration, logging, the API client, the provider, then the controller until a
// signal. SIGTERM stops taking work, lets in-flight reconciles finish (bounded), releases the lease
// and exits 0; losing leadership exits 1 so the pod restarts as a clean standby.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Registry } from 'prom-client';
import { createApp } from '../controller/app.js';
import { loadConnection } from '../kube/connection.js';
import { KubeClient } from '../kube/kube-client.js';
import { createLogger } from '../util/logger.js';
import { errorMessage } from '../util/errors.js';
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

  const client = new KubeClient(loadConnection(process.env), { connections: Math.max(8, config.concurrency * 2) });
  const missing = await missingCrds(client, config.provider);
  if (missing.length > 0) {
    log.fatal({ missing }, 'required CustomResourceDefinitions are not installed (install the Helm chart, or apply charts/tenant-network-controller/crds/)');
    return 3;
  }
  const registry = new Registry();
  const provider = await createProvider(config, client, log, registry);

  let exitCode = 0;
  const app = createApp({
    client,
    provider,
    network: {
      provider: config.provider,
      systemNamespaces: [...new Set([...config.systemNamespaces, config.namespace])],
      allowedIngressCIDRs: config.allowedIngressCIDRs,
      allowedIngressNamespaces: config.allowedIngressNamespaces,
      egressIsolation: config.egressIsolation,
      extraPodCidrs: config.extraPodCidrs,
    },
    vpcPool: { ranges: config.vpcPool, vpcPrefixLength: config.vpcPrefixLength },
    log,
    registry,
    instance,
    concurrency: { workspaces: Math.max(1, Math.ceil(config.concurrency / 4)), projects: config.concurrency, connections: Math.max(1, Math.ceil(config.concurrency / 4)) },
    ...(config.leaderElection ? { leaderElection: { namespace: config.namespace, name: config.leaseName } } : {}),
    probePort: config.probePort,
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
  await app.manager.start();
  log.info({ provider: provider.name, instance, probePort: app.manager.probePort, leaderElection: config.leaderElection }, 'tenant-network-controller started');
  await stopped;
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

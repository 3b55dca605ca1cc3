// The simulator as a process for the demo: prints endpoint and credentials (as JSON on one line and
// as env-style lines), then serves until SIGINT/SIGTERM.

import { parseArgs } from 'node:util';
import { startQingCloudSimulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    zone: { type: 'string' },
    'access-key-id': { type: 'string' },
    'secret-access-key': { type: 'string' },
    'job-ms': { type: 'string' },
    'lease-ms': { type: 'string' },
    'router-quota': { type: 'string' },
    'vxnet-quota': { type: 'string' },
  },
  strict: true,
});

const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));
const jobMs = number(values['job-ms']);

const sim = await startQingCloudSimulator({
  port: number(values.port) ?? 0,
  seed: number(values.seed) ?? 1,
  ...(values.zone === undefined ? {} : { zone: values.zone }),
  ...(values['access-key-id'] === undefined ? {} : { accessKeyId: values['access-key-id'] }),
  ...(values['secret-access-key'] === undefined ? {} : { secretAccessKey: values['secret-access-key'] }),
  timings: {
    ...(jobMs === undefined
      ? {}
      : { jobWorkingMs: { CreateRouters: jobMs, DeleteRouters: jobMs, JoinRouter: jobMs, LeaveRouter: jobMs } }),
    ...(values['lease-ms'] === undefined ? {} : { leaseWindowMs: Number(values['lease-ms']) }),
  },
  quotas: {
    ...(values['router-quota'] === undefined ? {} : { router: Number(values['router-quota']) }),
    ...(values['vxnet-quota'] === undefined ? {} : { vxnet: Number(values['vxnet-quota']) }),
  },
});

process.stdout.write(
  `${JSON.stringify({ endpoint: sim.endpoint, zone: sim.zone, accessKeyId: sim.accessKeyId, secretAccessKey: sim.secretAccessKey })}\n` +
    `QINGCLOUD_ENDPOINT=${sim.endpoint}\nQINGCLOUD_ZONE=${sim.zone}\n` +
    `QINGCLOUD_ACCESS_KEY_ID=${sim.accessKeyId}\nQINGCLOUD_SECRET_ACCESS_KEY=${sim.secretAccessKey}\n`,
);

const shutdown = (): void => {
  const counts = sim.callCounts();
  process.stderr.write(`qingcloud-sim: stopping; calls per action ${JSON.stringify(counts)}\n`);
  void sim.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

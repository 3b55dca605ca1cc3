import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from '@jest/globals';
import { QingCloudClient } from '../../../src/providers/qingcloud/client.js';

describe('simulator CLI (test/qingcloud-sim/main.ts)', () => {
  it('starts with one command, prints endpoint and credentials, and serves them', async () => {
    const root = process.cwd();
    const child = spawn(join(root, 'node_modules/.bin/node'), [join(root, 'test/qingcloud-sim/main.ts'), '--port', '0', '--seed', '5'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];
      const printed = JSON.parse(first) as { endpoint: string; zone: string; accessKeyId: string; secretAccessKey: string };
      expect(printed.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/iaas\/$/);
      const client = new QingCloudClient({
        endpoint: printed.endpoint,
        zone: printed.zone,
        credentials: { accessKeyId: printed.accessKeyId, secretAccessKey: printed.secretAccessKey },
        maxAttempts: 1,
      });
      const body = await client.call<{ routers: string[] }>('CreateRouters', { vpc_network: '192.168.0.0/16', router_name: 'cli' });
      expect(body.routers).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 20_000);
});

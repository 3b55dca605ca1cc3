// `kubectl tenantnet matrix -o html` opened in headless Chromium (Debian's `chromium`): the DOM has
// the N x N grid with the right cells, and a screenshot shows it drawn in the cell colours.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { ProjectNetwork } from '../../src/api/project-network.js';
import { PROJECT_NETWORKS } from '../../src/api/resources.js';
import { CELL_COLORS } from '../../src/cli/render/matrix-html.js';
import { runCli } from '../../src/cli/run.js';
import type { KubeObject } from '../../src/kube/kube-client.js';
import { sharedCluster } from '../harness/shared.js';
import { createNamespace, createWorkspace, deleteNamespace, startCoreEnv, type CoreEnv } from '../support/core-env.js';
import { eventually } from '../support/eventually.js';
import { countColor, decodePng } from '../unit/cli/png.js';

const TOPOLOGY: Record<string, string> = { 'cli-h-a': 'cli-h-one', 'cli-h-b': 'cli-h-one', 'cli-h-c': 'cli-h-one', 'cli-h-d': 'cli-h-two' };
const PROJECTS = Object.keys(TOPOLOGY);
const WIDTH = 1000;
const HEIGHT = 700;

function findChromium(): string {
  for (const candidate of [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((c): c is string => c !== undefined && c !== '')) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('headless Chromium is needed: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_BIN)');
}

describe('the HTML matrix in a browser', () => {
  let env: CoreEnv;
  let dir: string;
  let page: string;
  const run = promisify(execFile);

  async function chromium(...args: string[]): Promise<string> {
    const profile = mkdtempSync(join(dir, 'profile-'));
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars', '--force-device-scale-factor=1', `--user-data-dir=${profile}`];
    const { stdout } = await run(findChromium(), [...flags, ...args, pathToFileURL(page).href], { timeout: 60_000, maxBuffer: 16 << 20 });
    return stdout;
  }

  beforeAll(async () => {
    findChromium();
    dir = mkdtempSync(join(tmpdir(), 'tnc-cli-html-'));
    env = await startCoreEnv();
    for (const ws of ['cli-h-one', 'cli-h-two']) await createWorkspace(env.admin, ws);
    for (const [name, ws] of Object.entries(TOPOLOGY)) await createNamespace(env.admin, name, ws);
    await eventually(async () => {
      for (const name of PROJECTS) expect((await env.admin.get<ProjectNetwork & KubeObject>(PROJECT_NETWORKS, name)).status?.phase).toBe('Ready');
    }, 30_000, 100);

    const kubeconfig = sharedCluster().state.adminKubeconfigPath;
    const cli = async (...argv: string[]): Promise<string> => {
      let out = '';
      const code = await runCli(['--kubeconfig', kubeconfig, ...argv], { stdout: (t) => { out += t; }, stderr: () => undefined, stdoutIsTty: false, env: {} });
      expect(code).toBe(0);
      return out;
    };
    await cli('connect', 'cli-h-a', 'cli-h-d', '--port', 'tcp/443');
    await cli('isolate', 'cli-h-c');
    page = join(dir, 'matrix.html');
    writeFileSync(page, await cli('matrix', 'cli-h-one', 'cli-h-two', '-o', 'html'));
  }, 90_000);

  afterAll(async () => {
    for (const name of PROJECTS) await deleteNamespace(env.admin, name).catch(() => undefined);
    await env.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('has one header per project on each axis and one cell per ordered pair', async () => {
    const dom = await chromium('--dump-dom');
    expect(dom).toContain('<table id="matrix">');
    expect(dom.match(/<th class="col[^"]*" scope="col">/g)).toHaveLength(4);
    expect(dom.match(/<th class="row" scope="row">/g)).toHaveLength(4);
    const cells = [...dom.matchAll(/<td class="(all|ports|none)[^"]*" data-from="([^"]+)" data-to="([^"]+)"/g)].map((m) => `${m[2] ?? ''}>${m[3] ?? ''}:${m[1] ?? ''}`);
    expect(cells).toEqual([
      'cli-h-a>cli-h-a:all', 'cli-h-a>cli-h-b:all', 'cli-h-a>cli-h-c:none', 'cli-h-a>cli-h-d:ports',
      'cli-h-b>cli-h-a:all', 'cli-h-b>cli-h-b:all', 'cli-h-b>cli-h-c:none', 'cli-h-b>cli-h-d:none',
      'cli-h-c>cli-h-a:none', 'cli-h-c>cli-h-b:none', 'cli-h-c>cli-h-c:all', 'cli-h-c>cli-h-d:none',
      'cli-h-d>cli-h-a:ports', 'cli-h-d>cli-h-b:none', 'cli-h-d>cli-h-c:none', 'cli-h-d>cli-h-d:all',
    ]);
    expect(dom).toContain('cli-h-c (isolated)');
  }, 90_000);

  it('draws the grid: a screenshot shows each kind of cell in its colour, in proportion', async () => {
    const shot = join(dir, 'matrix.png');
    await chromium(`--screenshot=${shot}`, `--window-size=${WIDTH},${HEIGHT}`);
    const image = decodePng(readFileSync(shot));
    expect([image.width, image.height]).toEqual([WIDTH, HEIGHT]);
    // Cells are 32 x 32 (a glyph on top); each colour also fills one 14 x 14 legend swatch.
    const expected = { all: 6, ports: 2, none: 8 };
    for (const [kind, cells] of Object.entries(expected) as [keyof typeof expected, number][]) {
      const pixels = countColor(image, CELL_COLORS[kind]) - 14 * 14;
      expect([kind, pixels > cells * 700 && pixels < cells * 1100]).toEqual([kind, true]);
    }
    // Not a blank page: the rest is mostly white with dark text.
    expect(countColor(image, '#ffffff')).toBeGreaterThan(WIDTH * HEIGHT * 0.5);
  }, 90_000);
});

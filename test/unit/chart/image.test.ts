// The Dockerfile agrees with the build and the chart: it runs what `npm run build` writes for
// src/cmd/main.ts, installs production dependencies only, and runs as the uid the chart requires.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { CHART_DIR, REPO_ROOT } from '../../support/helm.js';

const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
const stages = instructions.filter((l) => l.startsWith('FROM '));
const runtime = instructions.slice(instructions.indexOf(stages.at(-1) ?? ''));
const buildConfig = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.build.json'), 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const values = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8')) as { podSecurityContext: { runAsUser: number; runAsGroup: number } };

describe('Dockerfile', () => {
  it('builds in one stage and runs from a Node 24 slim image in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24-slim$/m);
    for (const stage of stages) expect(stage).toMatch(/^FROM \$\{NODE_IMAGE\}/);
    expect(instructions).toContain('RUN npm run build');
    expect(packageJson.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json/);
  });

  it('ships production dependencies only, and the build output', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(runtime.some((l) => /^COPY --from=deps \/app\/node_modules/.test(l))).toBe(true);
    expect(runtime.some((l) => l.startsWith(`COPY --from=build /app/${buildConfig.compilerOptions.outDir} `))).toBe(true);
  });

  it('starts the built main module under tini as the chart\'s non-root uid', () => {
    const entrypoint = runtime.find((l) => l.startsWith('ENTRYPOINT '));
    const argv = JSON.parse(entrypoint?.slice('ENTRYPOINT '.length) ?? '[]') as string[];
    expect(argv.slice(0, 2)).toEqual(['/usr/bin/tini', '--']);
    const main = `/app/${buildConfig.compilerOptions.outDir}/cmd/main.js`;
    expect(buildConfig.compilerOptions.rootDir).toBe('src');
    expect(argv).toContain(main);
    expect(runtime).toContain(`USER ${values.podSecurityContext.runAsUser}:${values.podSecurityContext.runAsGroup}`);
    expect(runtime.some((l) => /apt-get install .*\btini\b/.test(l))).toBe(true);
  });

  it('sends only what the build reads to the Docker daemon', () => {
    const ignore = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    expect(ignore).toEqual(expect.arrayContaining(['!package.json', '!package-lock.json', '!tsconfig.json', '!tsconfig.build.json', '!src/']));
    expect(ignore.filter((l) => l.startsWith('!') && /node_modules|dist|\.local|test/.test(l))).toEqual([]);
  });
});

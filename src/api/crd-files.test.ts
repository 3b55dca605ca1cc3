// Fails when the generated CRD files on disk differ from what src/api renders: run
// `node_modules/.bin/node scripts/generate-crds.ts` after changing a schema.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { PROVIDER_NAMES } from '../providers/registry.js';
import { allCrds, CRD_DIRS, GENERATED_HEADER, renderCrdFiles } from './crd-files.js';

const ALL_CRDS = allCrds(PROVIDER_NAMES);

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendered = renderCrdFiles(ALL_CRDS);

function onDisk(path: string): string | undefined {
  try {
    return readFileSync(`${repoRoot}${path}`, 'utf8');
  } catch {
    return undefined;
  }
}

describe('generated CRD files', () => {
  it.each(rendered.map((file) => [file.path, file] as const))('%s is up to date', (_path, file) => {
    expect(onDisk(file.path)).toBe(file.content);
  });

  it('leaves no generated file behind whose CRD is gone', () => {
    const wanted = new Set(rendered.map((file) => file.path));
    const obsolete = Object.values(CRD_DIRS).flatMap((dir) =>
      readdirSync(`${repoRoot}${dir}`)
        .map((name) => `${dir}/${name}`)
        .filter((path) => !wanted.has(path) && onDisk(path)?.startsWith(GENERATED_HEADER) === true),
    );
    expect(obsolete).toEqual([]);
  });

  it('renders one uniquely named file per CRD, each starting with the header', () => {
    expect(new Set(rendered.map((file) => file.path)).size).toBe(ALL_CRDS.length);
    for (const file of rendered) expect(file.content.startsWith(`${GENERATED_HEADER}\n`)).toBe(true);
  });

  // kube-apiserver and kubectl read YAML 1.1 (sigs.k8s.io/yaml), where e.g. `yes` is a boolean.
  it.each(['1.1', '1.2'] as const)('parses back to the same CRD as YAML %s', (version) => {
    ALL_CRDS.forEach(({ crd }, index) => {
      expect(parse(rendered[index]?.content ?? '', { version })).toEqual(JSON.parse(JSON.stringify(crd)));
    });
  });
});

// Fails when the generated admission files differ from what src/admission renders: run
// `node_modules/.bin/node scripts/generate-admission.ts` after changing a policy.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ADMISSION_GENERATED_DIR, ADMISSION_GENERATED_HEADER, renderAdmissionFiles } from './generated-files.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const rendered = renderAdmissionFiles();

function onDisk(path: string): string | undefined {
  try {
    return readFileSync(`${repoRoot}${path}`, 'utf8');
  } catch {
    return undefined;
  }
}

describe('generated admission files', () => {
  it.each(rendered.map((file) => [file.path, file] as const))('%s is up to date', (_path, file) => {
    expect(onDisk(file.path)).toBe(file.content);
  });

  it('leaves no generated file behind that is no longer rendered', () => {
    const wanted = new Set(rendered.map((f) => f.path));
    const obsolete = readdirSync(`${repoRoot}${ADMISSION_GENERATED_DIR}`)
      .map((name) => `${ADMISSION_GENERATED_DIR}/${name}`)
      .filter((path) => !wanted.has(path) && onDisk(path)?.startsWith(ADMISSION_GENERATED_HEADER) === true);
    expect(obsolete).toEqual([]);
  });

  // kube-apiserver, kubectl and Helm's fromYaml read YAML 1.1.
  it.each(['1.1', '1.2'] as const)('each file is one object that parses as YAML %s', (version) => {
    for (const file of rendered) {
      const object = parse(file.content, { version }) as { apiVersion?: string; kind?: string; metadata?: { name?: string } };
      expect(typeof object.apiVersion).toBe('string');
      expect(typeof object.metadata?.name).toBe('string');
    }
  });
});

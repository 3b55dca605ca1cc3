// Chart.yaml says where the project lives (home, sources, maintainers) and has an icon that is a
// file in this repository, so `helm show chart` and chart indexes point somewhere real.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { CHART_DIR, REPO_ROOT } from '../../support/helm.js';

interface ChartMetadata {
  readonly home?: string;
  readonly sources?: readonly string[];
  readonly maintainers?: readonly { readonly name: string; readonly url?: string }[];
  readonly icon?: string;
}

const chart = parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as ChartMetadata;

describe('Chart.yaml', () => {
  it('names the project\'s home, sources and maintainers', () => {
    expect(chart.home).toMatch(/^https:\/\//);
    expect(chart.sources).toContain(chart.home);
    expect(chart.maintainers?.length).toBeGreaterThan(0);
    for (const m of chart.maintainers ?? []) expect(m.name).not.toBe('');
  });

  it('has an icon that is a file of this repository, under the home\'s raw URL', () => {
    const repo = (chart.home ?? '').replace('https://github.com/', '');
    const prefix = `https://raw.githubusercontent.com/${repo}/main/`;
    expect(chart.icon?.startsWith(prefix)).toBe(true);
    expect(existsSync(join(REPO_ROOT, (chart.icon ?? '').slice(prefix.length)))).toBe(true);
  });
});

import { describe, expect, it } from '@jest/globals';
import { matrixReport, type MatrixReport } from '../matrix-report.js';
import { connectivityInputOf, snapshotGraph } from '../model-input.js';
import { namespace, projectNetwork, sampleSnapshot, snapshotOf, workspaceObject } from '../snapshot.test-support.js';
import { CELL_COLORS, escapeHtml, renderMatrixHtml } from './matrix-html.js';
import { renderMatrixJson, type MatrixJson } from './matrix-json.js';
import { renderMatrixText } from './matrix-text.js';
import { createStyle } from './style.js';

const PLAIN = createStyle(false);

function sampleReport(): MatrixReport {
  const s = sampleSnapshot();
  return matrixReport(connectivityInputOf(snapshotGraph(s), s.settings));
}

const stripAnsi = (text: string): string => text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

describe('renderMatrixText', () => {
  it('draws the grid, the legend, the counts and the port-limited pairs', () => {
    expect(renderMatrixText(sampleReport(), PLAIN).split('\n')).toEqual([
      '#  WORKSPACE  PROJECT (FROM \\ TO)  1  2  3  4  5',
      '1  bank       audit                Y  .  .  Y  .',
      '2  bank       ledger               .  Y  P  .  .',
      '3  shop       api                  .  P  Y  .  Y',
      '4  shop       db (isolated)        .  .  .  Y  .',
      '5  shop       web                  .  .  Y  .  Y',
      '',
      'Y all traffic   P some ports   . nothing   (row = from, column = to)',
      '5 of 20 project pairs may connect, 2 only on some ports.',
      '',
      'Port-limited:',
      '  FROM    TO      PORTS',
      '  ledger  api     TCP/8443',
      '  api     ledger  TCP/8443',
      '',
      'intraWorkspace: Deny in bank',
      '',
    ]);
  });

  it('colours the same text on a terminal', () => {
    const coloured = renderMatrixText(sampleReport(), createStyle(true));
    expect(coloured).toContain('\u001b[32mY\u001b[0m');
    expect(coloured).toContain('\u001b[33mP\u001b[0m');
    expect(stripAnsi(coloured)).toBe(renderMatrixText(sampleReport(), PLAIN));
  });

  it('right-aligns the cells under two-digit column numbers', () => {
    const names = Array.from({ length: 11 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const s = snapshotOf({ namespaces: names.map((n) => namespace(n, 'w')), workspaces: [workspaceObject('w')] });
    const lines = renderMatrixText(matrixReport(connectivityInputOf(snapshotGraph(s), s.settings)), PLAIN).split('\n');
    expect(lines[0]?.endsWith(' 9  10  11')).toBe(true);
    expect(lines[11]).toMatch(/^11 {2}w {10}p10 +( {2}Y){9}( {3}Y){2}$/);
    expect(lines).toContain('110 of 110 project pairs may connect.');
  });

  it('says when there are no projects', () => {
    expect(renderMatrixText({ workspaces: [], projects: [], cells: [] }, PLAIN)).toBe('No projects.\n');
  });
});

describe('renderMatrixJson', () => {
  it('is the report as JSON, ports only on port-limited cells', () => {
    const parsed = JSON.parse(renderMatrixJson(sampleReport())) as MatrixJson;
    expect(parsed.kind).toBe('ConnectivityMatrix');
    expect(parsed.projects.map((p) => p.name)).toEqual(['audit', 'ledger', 'api', 'db', 'web']);
    expect(parsed.cells).toHaveLength(25);
    expect(parsed.cells.find((c) => c.from === 'api' && c.to === 'ledger')).toEqual({ from: 'api', to: 'ledger', allowed: 'ports', ports: [{ protocol: 'TCP', port: 8443 }] });
    expect(parsed.cells.find((c) => c.from === 'db' && c.to === 'audit')).toEqual({ from: 'db', to: 'audit', allowed: 'none' });
    expect(parsed.workspaces).toEqual([{ name: 'bank', intraWorkspace: 'Deny' }, { name: 'shop', intraWorkspace: 'Allow' }]);
  });
});

describe('renderMatrixHtml', () => {
  const context = { generatedAt: '2024-05-01T10:00:00.000Z', source: 'local (https://127.0.0.1:6443)' };

  it('is one self-contained page with an N x N grid', () => {
    const html = renderMatrixHtml(sampleReport(), context);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|url\(/);
    expect(html.match(/<th class="col/g)).toHaveLength(5);
    expect(html.match(/<th class="row/g)).toHaveLength(5);
    expect(html.match(/<td class="all/g)).toHaveLength(8);
    expect(html.match(/<td class="ports/g)).toHaveLength(2);
    expect(html.match(/<td class="none/g)).toHaveLength(15);
    expect(html).toContain('title="api \u2192 ledger: only TCP/8443"');
    expect(html).toContain('2024-05-01T10:00:00.000Z');
    for (const color of Object.values(CELL_COLORS)) expect(html).toContain(color);
  });

  it('marks where each workspace starts, both ways', () => {
    const html = renderMatrixHtml(sampleReport(), context);
    expect(html.match(/<tr class="ws-start">/g)).toHaveLength(2);
    expect(html.match(/<th class="col ws-start"/g)).toHaveLength(2);
  });

  it('escapes what it prints', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = renderMatrixHtml({ workspaces: [], projects: [], cells: [] }, { generatedAt: 'now', source: '<evil>' });
    expect(html).toContain('&lt;evil&gt;');
    expect(html).toContain('<p>No projects.</p>');
  });

  it('renders an isolated project and a Deny workspace as notes', () => {
    const s = snapshotOf({
      namespaces: [namespace('a', 'w'), namespace('b', 'w')],
      workspaces: [workspaceObject('w')],
      projectNetworks: [projectNetwork('a', 'w', { isolation: 'Isolated' })],
    });
    const html = renderMatrixHtml(matrixReport(connectivityInputOf(snapshotGraph(s), s.settings)), context);
    expect(html).toContain('a (isolated) <small>w</small>');
    expect(renderMatrixHtml(sampleReport(), context)).toContain('workspace bank: intraWorkspace Deny');
  });
});

import { describe, expect, it } from '@jest/globals';
import { connectivityMatrix } from './matrix.js';
import { connection, model, project, workspace } from './fixtures.test-support.js';

const input = model({
  workspaces: [workspace('ws')],
  projects: [project('q', 'ws'), project('p', 'ws'), project('x', 'other', true)],
  connections: [connection('x', 'p', { bidirectional: false, ports: [{ protocol: 'UDP', port: 53 }] })],
});

describe('connectivityMatrix', () => {
  it('covers every ordered pair of projects, sorted, row-major', () => {
    const matrix = connectivityMatrix(input);
    expect(matrix.namespaces).toStrictEqual(['p', 'q', 'x']);
    expect(matrix.cells.map((c) => `${c.from}>${c.to}:${c.allowance.kind}`)).toStrictEqual([
      'p>p:all', 'p>q:all', 'p>x:none',
      'q>p:all', 'q>q:all', 'q>x:none',
      'x>p:ports', 'x>q:none', 'x>x:all',
    ]);
    expect(matrix.cells[6]?.allowance).toStrictEqual({ kind: 'ports', ports: [{ protocol: 'UDP', port: 53 }] });
  });

  it('includes the namespaces asked for, of any kind', () => {
    const matrix = connectivityMatrix(input, ['x', 'kube-system', 'elsewhere', 'x']);
    expect(matrix.namespaces).toStrictEqual(['elsewhere', 'kube-system', 'x']);
    const cell = (from: string, to: string) => matrix.cells.find((c) => c.from === from && c.to === to)?.allowance.kind;
    expect(cell('kube-system', 'x')).toBe('all');
    expect(cell('x', 'elsewhere')).toBe('none');
    expect(cell('elsewhere', 'kube-system')).toBe('all');
  });
});

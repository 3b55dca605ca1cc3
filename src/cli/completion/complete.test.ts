import { describe, expect, it } from '@jest/globals';
import { completionNeed, completionOutput, DIRECTIVE } from './complete.js';

const fixed = (candidates: string[], directive: number = DIRECTIVE.noFileComp) => ({ kind: 'fixed', candidates, directive });

describe('completionNeed', () => {
  it.each([
    [['st'], fixed(['status'])],
    [[''], fixed(['status', 'matrix', 'why', 'top', 'bandwidth', 'check', 'connect', 'disconnect', 'isolate', 'open', 'workspace', 'completion'])],
    [['--kubeconfig', '/k', 'c'], fixed(['check', 'connect', 'completion'])],
    [['status', '-o', ''], fixed(['table', 'wide', 'json', 'yaml', 'name'])],
    [['matrix', '--output', 'h'], fixed(['html'])],
    [['connect', 'a', 'b', '--dry-run', 's'], fixed(['server'])],
    [['top', '--sort-by', 'e'], fixed(['egress'])],
    [['isolate', '--'], fixed(['--kubeconfig', '--context', '--controller-namespace', '--color', '--help', '--dry-run'])],
    [['--kubeconfig', ''], { kind: 'files' }],
    [['status', ''], { kind: 'names', of: 'workspace', prefix: '' }],
    [['status', 'shop', ''], fixed([])],
    [['connect', 'web', 'le'], { kind: 'names', of: 'project', prefix: 'le' }],
    [['why', '--context', 'dev', 'web', 'k'], { kind: 'names', of: 'namespace', prefix: 'k' }],
    [['why', 'web', 'api', 't'], fixed(['tcp/80', 'tcp/443', 'tcp/53'])],
    [['completion', ''], fixed(['bash', 'zsh'])],
    [['bandwidth', 's'], { kind: 'names', of: 'workspace', prefix: 's', also: ['set'] }],
    [['bandwidth', 'set', ''], { kind: 'fixed', candidates: ['workspace/', 'project/'], directive: DIRECTIVE.noFileComp | DIRECTIVE.noSpace }],
    [['bandwidth', 'set', 'project/d'], { kind: 'names', of: 'project', prefix: 'd', format: expect.any(Function) }],
    [['frob', ''], fixed([])],
  ])('%j', (words, need) => {
    expect(completionNeed(words)).toEqual(need);
  });

  it('writes bandwidth targets back with their kind', () => {
    const need = completionNeed(['bandwidth', 'set', 'workspace/sh']);
    expect(need.kind === 'names' ? need.format?.('shop') : undefined).toBe('workspace/shop');
  });
});

describe('completionOutput', () => {
  it("speaks cobra's protocol: a candidate per line, then :directive", () => {
    expect(completionOutput(['a', 'b'], DIRECTIVE.noFileComp)).toBe('a\nb\n:4\n');
    expect(completionOutput([], DIRECTIVE.default)).toBe(':0\n');
  });
});

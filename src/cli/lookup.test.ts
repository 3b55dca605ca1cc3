import { describe, expect, it } from '@jest/globals';
import { editDistance, lookupProject, lookupWorkspace, suggestion } from './lookup.js';
import { snapshotGraph } from './model-input.js';
import { namespace, sampleSnapshot, snapshotOf, workspaceObject } from './snapshot.test-support.js';

describe('lookupProject', () => {
  const snapshot = snapshotOf({
    ...sampleSnapshot(),
    namespaces: [...sampleSnapshot().namespaces, namespace('orphan', 'closed')],
  });
  const graph = snapshotGraph(snapshot);
  const cases: [string, string | undefined][] = [
    ['api', undefined],
    ['ledgr', 'unknown project ledgr: there is no namespace ledgr; did you mean ledger?'],
    ['led', 'unknown project led: there is no namespace led; did you mean ledger?'],
    ['zzz', 'unknown project zzz: there is no namespace zzz'],
    ['default', 'namespace default is not a project: it has no kubesphere.io/workspace label'],
    ['kube-system', 'namespace kube-system is a system namespace, not a project'],
    ['orphan', 'namespace orphan is not a project: its workspace closed does not exist (or is being deleted)'],
  ];
  it.each(cases)('%s', (name, message) => {
    const found = lookupProject(graph, snapshot, name);
    expect(found.ok ? undefined : found.message).toBe(message);
  });
});

describe('lookupWorkspace', () => {
  const snapshot = snapshotOf({ workspaces: [workspaceObject('retail'), workspaceObject('finance')] });
  it.each([
    ['retail', undefined],
    ['retial', 'unknown workspace retial; did you mean retail?'],
    ['hr', 'unknown workspace hr'],
  ])('%s', (name, message) => {
    const found = lookupWorkspace(snapshot, name);
    expect(found.ok ? undefined : found.message).toBe(message);
  });
});

describe('editDistance and suggestion', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', 'abd', 1],
    ['abc', 'ab', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s ~ %s = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('picks the closest candidate and stays quiet when none is close', () => {
    expect(suggestion('finanse', ['finance', 'fiance-x', 'retail'])).toBe('; did you mean finance?');
    expect(suggestion('payments', ['finance', 'retail'])).toBe('');
    expect(suggestion('x', [])).toBe('');
  });
});

import { describe, expect, it } from '@jest/globals';
import { kubeconfigPaths, mergeKubeconfigs, resolveIn, selectContext, UnknownContextError } from './kubeconfig-merge.js';

const fileA = {
  path: '/a/config',
  doc: {
    clusters: [{ name: 'shared', cluster: { server: 'https://a', 'certificate-authority': 'ca.crt' } }],
    users: [{ name: 'admin', user: { token: 'a-token' } }],
    contexts: [{ name: 'one', context: { cluster: 'shared', user: 'admin' } }],
  },
};
const fileB = {
  path: '/b/config',
  doc: {
    'current-context': 'two',
    clusters: [{ name: 'shared', cluster: { server: 'https://b', 'insecure-skip-tls-verify': true } }, { name: 'own', cluster: { server: 'https://own' } }],
    users: [{ name: 'admin', user: { 'client-certificate': 'c.crt' } }, { name: 'dev', user: { tokenFile: 'token' } }],
    contexts: [{ name: 'one', context: { cluster: 'own' } }, { name: 'two', context: { cluster: 'own', user: 'dev' } }],
  },
};
const fileC = { path: '/c/config', doc: { 'current-context': 'one' } };

describe('mergeKubeconfigs', () => {
  it('keeps the first definition of each name whole, and the first current-context', () => {
    const merged = mergeKubeconfigs([{ path: '/empty/config', doc: null }, fileA, fileB, fileC]);
    expect(merged.currentContext).toBe('two');
    expect(merged.clusters.get('shared')).toEqual({ entry: { server: 'https://a', 'certificate-authority': 'ca.crt' }, dir: '/a' });
    expect(merged.users.get('admin')).toEqual({ entry: { token: 'a-token' }, dir: '/a' });
    expect(merged.contexts.get('one')?.entry).toEqual({ cluster: 'shared', user: 'admin' });
    expect([...merged.clusters.keys()]).toEqual(['shared', 'own']);
    expect(merged.users.get('dev')?.dir).toBe('/b');
  });

  it('refuses what is not a kubeconfig, naming the file', () => {
    expect(() => mergeKubeconfigs([{ path: '/x', doc: ['a'] }])).toThrow('kubeconfig /x: not a kubeconfig (a YAML map)');
    expect(() => mergeKubeconfigs([{ path: '/x', doc: { users: {} } }])).toThrow('kubeconfig /x: users is not a list');
    expect(() => mergeKubeconfigs([{ path: '/x', doc: { users: [{ user: {} }] } }])).toThrow('kubeconfig /x: an entry of users has no name');
  });
});

describe('selectContext', () => {
  const merged = mergeKubeconfigs([fileA, fileB]);

  it('takes current-context, or the named one, with its cluster and user from whichever file defined them', () => {
    const current = selectContext(merged);
    expect(current.name).toBe('two');
    expect(current.userName).toBe('dev');
    expect(current.cluster.entry.server).toBe('https://own');
    expect(current.user === undefined ? '' : resolveIn(current.user, 'token')).toBe('/b/token');
    const one = selectContext(merged, 'one');
    expect(one.cluster.entry.server).toBe('https://a');
    expect(one.cluster.dir).toBe('/a');
  });

  it('says what is missing', () => {
    expect(() => selectContext(merged, 'three')).toThrow(new UnknownContextError('three', ['one', 'two']));
    expect(() => selectContext(merged, 'three')).toThrow('context three is not in the kubeconfig (known: one, two)');
    expect(() => selectContext(mergeKubeconfigs([fileA]))).toThrow('the kubeconfig sets no current-context; name one with --context');
    const dangling = mergeKubeconfigs([{ path: '/d', doc: { contexts: [{ name: 'x', context: { cluster: 'gone' } }] } }]);
    expect(() => selectContext(dangling, 'x')).toThrow('kubeconfig context "x": cluster "gone" is not defined');
  });

  it('leaves the user out when the context names none', () => {
    const merged2 = mergeKubeconfigs([{ path: '/d/config', doc: { clusters: [{ name: 'c', cluster: { server: 'https://c' } }], contexts: [{ name: 'x', context: { cluster: 'c' } }] } }]);
    expect(selectContext(merged2, 'x').user).toBeUndefined();
  });
});

describe('kubeconfigPaths', () => {
  const exists = (path: string): boolean => !path.includes('missing');

  it('uses an explicit path alone', () => {
    expect(kubeconfigPaths({ explicit: '/x/missing', kubeconfigEnv: '/a', home: '/home/u', exists })).toEqual(['/x/missing']);
  });

  it('uses KUBECONFIG\'s files in order, without empty names, duplicates or missing files', () => {
    expect(kubeconfigPaths({ kubeconfigEnv: ':/a::/missing:/b:/a', home: '/home/u', exists })).toEqual(['/a', '/b']);
    expect(() => kubeconfigPaths({ kubeconfigEnv: '/missing1:/missing2', home: '/home/u', exists })).toThrow('none of the KUBECONFIG files exists: /missing1, /missing2');
  });

  it('falls back to ~/.kube/config when it exists', () => {
    expect(kubeconfigPaths({ kubeconfigEnv: '', home: '/home/u', exists })).toEqual(['/home/u/.kube/config']);
    expect(kubeconfigPaths({ home: '/home/missing', exists })).toEqual([]);
  });
});

import { describe, expect, it } from '@jest/globals';
import { compactObject, StringTable } from './compact.js';

const object = () => ({
  apiVersion: 'sdn.kubesphere.io/v1alpha1',
  kind: 'ProjectNetwork',
  metadata: {
    name: 'a',
    uid: 'u-1',
    resourceVersion: '7',
    creationTimestamp: new Date('2030-01-01T00:00:00Z'),
    labels: { 'sdn.kubesphere.io/workspace': 'w' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}', keep: 'me' },
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: { workspace: 'w', ports: [80, 443] },
  status: { conditions: [{ type: 'Ready', status: 'True', message: 'subnet tnc-a (10.0.0.0/24)' }] },
});

describe('compactObject', () => {
  it('keeps every field but managedFields and the last-applied annotation', () => {
    const expected = object();
    Reflect.deleteProperty(expected.metadata, 'managedFields');
    expected.metadata.annotations = { keep: 'me' } as typeof expected.metadata.annotations;
    expect(compactObject(object(), new StringTable())).toEqual(expected);
  });

  it('does not touch the object it is given', () => {
    const given = object();
    compactObject(given, new StringTable());
    expect(given).toEqual(object());
  });

  it('shares short values, not the unique ones (uid, resourceVersion, message)', () => {
    const strings = new StringTable();
    compactObject(object(), strings);
    const afterOne = strings.size;
    compactObject(object(), strings);
    expect(strings.size).toBe(afterOne);
    // apiVersion, kind, name, workspace (label and spec), keep, Ready, True: one entry per value.
    expect(afterOne).toBe(['sdn.kubesphere.io/v1alpha1', 'ProjectNetwork', 'a', 'w', 'me', 'Ready', 'True'].length);
  });

  it('keeps a Secret\'s payload out of the table', () => {
    const strings = new StringTable();
    const secret = compactObject({ metadata: { name: 's' }, data: { token: 'c2VjcmV0' }, stringData: { key: 'secret' } }, strings);
    expect(secret).toEqual({ metadata: { name: 's' }, data: { token: 'c2VjcmV0' }, stringData: { key: 'secret' } });
    expect(strings.size).toBe(1);
  });

  it('empties a full table instead of growing it', () => {
    const strings = new StringTable(3);
    for (const v of ['a', 'b', 'c', 'd']) strings.share(v);
    expect(strings.size).toBe(1);
    expect(strings.share('x'.repeat(65))).toHaveLength(65);
    expect(strings.size).toBe(1);
  });
});

import { describe, expect, it } from '@jest/globals';
import { setFlagsFromString } from 'node:v8';
import { runInThisContext } from 'node:vm';
import { compactObject } from './compact.js';

const object = () => ({
  apiVersion: 'sdn.kubesphere.io/v1alpha1',
  kind: 'ProjectNetwork',
  metadata: {
    name: 'a',
    uid: 'u-1',
    creationTimestamp: new Date('2030-01-01T00:00:00Z'),
    labels: { 'sdn.kubesphere.io/workspace': 'w' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}', keep: 'me' },
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: { workspace: 'w', ports: [80, 443] },
});

describe('compactObject', () => {
  it('keeps every field but managedFields and the last-applied annotation', () => {
    const expected = object();
    Reflect.deleteProperty(expected.metadata, 'managedFields');
    expected.metadata.annotations = { keep: 'me' } as typeof expected.metadata.annotations;
    expect(compactObject(object())).toEqual(expected);
  });

  it('does not touch the object it is given', () => {
    const given = object();
    compactObject(given);
    expect(given).toEqual(object());
  });

  it('leaves the metadata in V8 fast mode (delete would make it a dictionary)', () => {
    setFlagsFromString('--allow-natives-syntax');
    // V8's own answer, through its natives syntax (a test-only flag).
    const hasFastProperties = runInThisContext('(o) => %HasFastProperties(o)') as (o: object) => boolean;
    const parsed = JSON.parse(JSON.stringify(object())) as ReturnType<typeof object>;
    expect(hasFastProperties(parsed.metadata)).toBe(true);
    expect(hasFastProperties(compactObject(parsed).metadata)).toBe(true);
    // What the informer did before: the same fields, deleted in place.
    Reflect.deleteProperty(parsed.metadata, 'managedFields');
    expect(hasFastProperties(parsed.metadata)).toBe(false);
  });

  it('leaves an object without metadata as it is', () => {
    const bare = { kind: 'Status' };
    expect(compactObject(bare)).toBe(bare);
  });
});

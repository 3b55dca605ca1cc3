import { describe, expect, it } from '@jest/globals';
import { isolates, projectMembership } from './membership.js';

const system = new Set(['kube-system']);
const exists = (ws: string): boolean => ws === 'ws1';
const ns = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}, deleting = false) => ({
  metadata: { name, labels, annotations, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
});

describe('projectMembership', () => {
  it.each([
    ['missing namespace', undefined, { kind: 'none', reason: 'NamespaceGone' }],
    ['terminating namespace', ns('a', { 'kubesphere.io/workspace': 'ws1' }, {}, true), { kind: 'none', reason: 'NamespaceGone' }],
    ['system namespace even if labelled', ns('kube-system', { 'kubesphere.io/workspace': 'ws1' }), { kind: 'none', reason: 'SystemNamespace' }],
    ['no workspace label', ns('a'), { kind: 'none', reason: 'NotInWorkspace' }],
    ['empty workspace label', ns('a', { 'kubesphere.io/workspace': '' }), { kind: 'none', reason: 'NotInWorkspace' }],
    ['unknown workspace', ns('a', { 'kubesphere.io/workspace': 'ws2' }), { kind: 'none', reason: 'WorkspaceGone' }],
    ['project', ns('a', { 'kubesphere.io/workspace': 'ws1' }), { kind: 'project', workspace: 'ws1', isolatedByAnnotation: false }],
    ['KubeSphere isolation annotation', ns('a', { 'kubesphere.io/workspace': 'ws1' }, { 'kubesphere.io/network-isolate': 'enabled' }), { kind: 'project', workspace: 'ws1', isolatedByAnnotation: true }],
    ['other annotation values do not isolate', ns('a', { 'kubesphere.io/workspace': 'ws1' }, { 'kubesphere.io/network-isolate': 'disabled' }), { kind: 'project', workspace: 'ws1', isolatedByAnnotation: false }],
  ])('%s', (_name, namespace, expected) => {
    expect(projectMembership(namespace, system, exists)).toEqual(expected);
  });
});

describe('isolates', () => {
  it.each([
    ['a plain project', { metadata: { name: 'a' } }, false],
    ['the KubeSphere annotation', { metadata: { name: 'a', annotations: { 'kubesphere.io/network-isolate': 'enabled' } } }, true],
    ['an Isolated ProjectNetwork', { metadata: { name: 'a' }, spec: { isolation: 'Isolated' } }, true],
    ['an Inherit ProjectNetwork', { metadata: { name: 'a' }, spec: { isolation: 'Inherit' } }, false],
  ])('%s → %s', (_name, object, expected) => {
    expect(isolates(object)).toBe(expected);
  });
});

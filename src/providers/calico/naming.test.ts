import { describe, expect, it } from '@jest/globals';
import { calicoVpcId, namespaceAnnotationsFor, poolName } from './naming.js';

describe('Calico names', () => {
  it('derives the pool name from the project and keeps it a valid object name', () => {
    const longest = 'p'.repeat(63);
    expect(poolName('team-a')).toBe('tnc-team-a');
    expect(poolName(longest)).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(poolName(longest).length).toBeLessThanOrEqual(253);
  });

  it('gives a workspace a stable VPC id', () => {
    expect(calicoVpcId('ws1')).toBe(calicoVpcId('ws1'));
    expect(calicoVpcId('ws1')).not.toBe(calicoVpcId('ws2'));
  });

  it('annotates the namespace with a JSON list naming the pool', () => {
    const annotations = namespaceAnnotationsFor('tnc-team-a');
    expect(Object.keys(annotations)).toEqual(['cni.projectcalico.org/ipv4pools']);
    expect(JSON.parse(annotations['cni.projectcalico.org/ipv4pools'] ?? '')).toEqual(['tnc-team-a']);
  });
});

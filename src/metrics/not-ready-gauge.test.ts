import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import type { Condition } from '../api/conditions.js';
import { notReadyByReason, registerNotReadyGauge } from './not-ready-gauge.js';

function ready(status: Condition['status'], reason: string): { status: { conditions: Condition[] } } {
  return { status: { conditions: [{ type: 'Ready', status, reason, message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }] } };
}

describe('notReadyByReason', () => {
  it('counts objects whose Ready is not True by reason, and those without one as NotReconciled', () => {
    const other = { status: { conditions: [{ type: 'VPCProvisioned', status: 'True' as const, reason: 'Provisioned', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }] } };
    const counts = notReadyByReason([ready('True', 'Provisioned'), ready('False', 'NoAvailableSubnet'), ready('False', 'NoAvailableSubnet'), ready('Unknown', 'InProgress'), {}, other]);
    expect(Object.fromEntries(counts)).toEqual({ NoAvailableSubnet: 2, InProgress: 1, NotReconciled: 2 });
  });
});

describe('registerNotReadyGauge', () => {
  it('reports per kind and reason only while active, and drops reasons that are gone', async () => {
    const registry = new Registry();
    let active = false;
    let projects = [ready('False', 'CIDROverlaps'), ready('True', 'Provisioned')];
    registerNotReadyGauge({
      registry,
      active: () => active,
      sources: [{ kind: 'ProjectNetwork', list: () => projects }, { kind: 'ProjectConnection', list: () => [{}] }],
    });
    expect(await registry.metrics()).not.toContain('tenant_network_objects_not_ready{');
    active = true;
    let text = await registry.metrics();
    expect(text).toContain('tenant_network_objects_not_ready{kind="ProjectNetwork",reason="CIDROverlaps"} 1');
    expect(text).toContain('tenant_network_objects_not_ready{kind="ProjectConnection",reason="NotReconciled"} 1');
    projects = [ready('True', 'Provisioned')];
    text = await registry.metrics();
    expect(text).not.toContain('CIDROverlaps');
  });
});

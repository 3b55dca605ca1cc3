import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { PROVIDER_API_CALLS_METRIC, createProviderCallCounter } from './provider-metrics.js';

describe('createProviderCallCounter', () => {
  it('counts calls per provider, action and outcome', async () => {
    const registry = new Registry();
    const hook = createProviderCallCounter(registry, 'qingcloud');
    hook('DescribeVxnets', 'ok');
    hook('DescribeVxnets', 'ok');
    hook('JoinRouter', 'ServerBusy');
    const text = await registry.metrics();
    expect(text).toContain(`${PROVIDER_API_CALLS_METRIC}{provider="qingcloud",action="DescribeVxnets",outcome="ok"} 2`);
    expect(text).toContain(`${PROVIDER_API_CALLS_METRIC}{provider="qingcloud",action="JoinRouter",outcome="ServerBusy"} 1`);
  });

  it('shares one counter when asked twice for the same registry', async () => {
    const registry = new Registry();
    createProviderCallCounter(registry, 'qingcloud')('CreateVxnets', 'ok');
    createProviderCallCounter(registry, 'qingcloud')('CreateVxnets', 'ok');
    expect(await registry.metrics()).toContain(`${PROVIDER_API_CALLS_METRIC}{provider="qingcloud",action="CreateVxnets",outcome="ok"} 2`);
  });
});

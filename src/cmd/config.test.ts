import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CONFIG, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('uses the defaults when nothing is given', () => {
    expect(parseConfig(undefined, {}, [])).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it('layers file, environment and flags in that order', () => {
    const result = parseConfig({ provider: 'qingcloud', concurrency: 2 }, { TNC_CONCURRENCY: '3', TNC_VPC_POOL: '10.0.0.0/8, 172.16.0.0/12' }, ['--concurrency=4']);
    expect(result.ok && result.config.provider).toBe('qingcloud');
    expect(result.ok && result.config.concurrency).toBe(4);
    expect(result.ok && result.config.vpcPool).toEqual(['10.0.0.0/8', '172.16.0.0/12']);
  });

  it.each([
    [{ provider: 'ovn' }, {}, [], 'provider: "ovn" is not one of calico, qingcloud'],
    [undefined, { TNC_VPC_POOL: '10.0.0.1/8' }, [], 'vpcPool: "10.0.0.1/8" is not a valid network CIDR'],
    [undefined, { TNC_PROBE_PORT: 'eighty' }, [], 'TNC_PROBE_PORT: "eighty" is not an integer'],
    [undefined, { TNC_EGRESS_ISOLATION: 'yes' }, [], 'TNC_EGRESS_ISOLATION: "yes" is not true or false'],
    [undefined, {}, ['--bogus=1'], 'unknown flag --bogus=1'],
    [{ vpcPools: [] }, {}, [], 'config file: unknown setting "vpcPools"'],
    [undefined, {}, ['--concurrency=0'], 'concurrency: 0 must be from 1 to 256'],
  ])('rejects %j %j %j naming the bad value', (file, env, argv, message) => {
    const result = parseConfig(file, env, argv);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((e) => e.startsWith(message))).toBe(true);
  });
});

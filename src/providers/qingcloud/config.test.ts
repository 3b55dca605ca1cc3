import { describe, expect, it } from '@jest/globals';
import { DEFAULT_QINGCLOUD_CONFIG, qingcloudConfigErrors } from './config.js';

/** The section as the configuration parser hands it over: merged over the defaults. */
const section = (overrides: Record<string, unknown>): Record<string, unknown> => ({ ...DEFAULT_QINGCLOUD_CONFIG, ...overrides });

describe('the qingcloud config section', () => {
  it('defaults to the documented account quota, a small router and the Secret in the controller namespace', () => {
    expect(DEFAULT_QINGCLOUD_CONFIG).toMatchObject({ callsPerHour: 2000, routerType: 1, credentialsSecret: 'qingcloud-credentials', credentialsSecretNamespace: '' });
    expect(qingcloudConfigErrors(DEFAULT_QINGCLOUD_CONFIG)).toEqual([]);
  });

  it.each([
    [{ callsPerHour: 0 }, 'qingcloud.callsPerHour: 0 must be an integer from 1'],
    [{ callsPerHour: 1.5 }, 'qingcloud.callsPerHour: 1.5 must be an integer'],
    [{ routerType: 4 }, 'qingcloud.routerType: 4 must be an integer from 0 to 3'],
    [{ tagName: 'a-tag-name-far-too-long' }, 'qingcloud.tagName: "a-tag-name-far-too-long" must have 1 to 14 characters'],
    [{ tagName: '' }, 'qingcloud.tagName: "" must have 1 to 14 characters'],
    [{ endpoint: 'ftp://example.com/' }, 'qingcloud.endpoint: "ftp://example.com/" is not an http(s) URL'],
    [{ credentialsSecret: 'Not_A_Name' }, 'qingcloud.credentialsSecret: "Not_A_Name" is not a Secret name'],
    [{ credentialsSecretNamespace: 'a.b' }, 'qingcloud.credentialsSecretNamespace: "a.b" is not a namespace name'],
    [{ zone: 3 }, 'qingcloud.zone: 3 is not a string'],
    [{ jobPollIntervalMs: 1 }, 'qingcloud.jobPollIntervalMs: 1 must be an integer from 10'],
    [{ recheckAfterSeconds: -1 }, 'qingcloud.recheckAfterSeconds: -1 must be an integer from 0'],
    [{ accessKeyId: 'x' }, 'qingcloud: unknown setting "accessKeyId"'],
  ])('rejects %j naming the bad value', (overrides, message) => {
    expect(qingcloudConfigErrors(section(overrides)).some((e) => e.startsWith(message))).toBe(true);
  });

  it('rejects a section that is not an object', () => {
    expect(qingcloudConfigErrors('pek3')).toEqual(['qingcloud: must be an object']);
  });
});

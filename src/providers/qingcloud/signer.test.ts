import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { canonicalQuery, computeSignature, formatTimeStamp, percentEncode, signParams, stringToSign } from './signer.js';

// The published vector V1 (QingCloud signature docs; also the Go SDK's TestSigner1).
const V1_PARAMS = {
  access_key_id: 'QYACCESSKEYIDEXAMPLE',
  action: 'RunInstances',
  count: '1',
  image_id: 'centos64x86a',
  instance_name: 'demo',
  instance_type: 'small_b',
  login_mode: 'passwd',
  login_passwd: 'QingCloud20130712',
  signature_method: 'HmacSHA256',
  signature_version: '1',
  time_stamp: '2013-08-27T14:30:10Z',
  version: '1',
  'vxnets.1': 'vxnet-0',
  zone: 'pek1',
};
const V1_STRING_TO_SIGN =
  'GET\n/iaas/\naccess_key_id=QYACCESSKEYIDEXAMPLE&action=RunInstances&count=1&image_id=centos64x86a&instance_name=demo&instance_type=small_b&login_mode=passwd&login_passwd=QingCloud20130712&signature_method=HmacSHA256&signature_version=1&time_stamp=2013-08-27T14%3A30%3A10Z&version=1&vxnets.1=vxnet-0&zone=pek1';

describe('signature v1', () => {
  it('reproduces the published string to sign', () => {
    expect(stringToSign('GET', '/iaas/', V1_PARAMS)).toBe(V1_STRING_TO_SIGN);
  });

  it('reproduces the published signature and its URL form', () => {
    const sig = computeSignature('SECRETACCESSKEY', 'HmacSHA256', V1_STRING_TO_SIGN);
    expect(sig).toBe('32bseYy39DOlatuewpeuW5vpmW51sD1A/JdGynqSpP8=');
    expect(percentEncode(sig)).toBe('32bseYy39DOlatuewpeuW5vpmW51sD1A%2FJdGynqSpP8%3D');
  });

  it('signParams adds the auth parameters and yields the same signature', () => {
    const authKeys = new Set(['access_key_id', 'signature_method', 'signature_version', 'time_stamp', 'version']);
    const actionParams = Object.fromEntries(Object.entries(V1_PARAMS).filter(([key]) => !authKeys.has(key)));
    const signed = signParams({
      method: 'GET',
      path: '/iaas/',
      accessKeyId: 'QYACCESSKEYIDEXAMPLE',
      secretAccessKey: 'SECRETACCESSKEY',
      signatureMethod: 'HmacSHA256',
      nowMs: Date.UTC(2013, 7, 27, 14, 30, 10, 456),
      params: actionParams,
    });
    expect(signed.params.signature).toBe('32bseYy39DOlatuewpeuW5vpmW51sD1A/JdGynqSpP8=');
    expect(signed.encoded).toBe(`${V1_STRING_TO_SIGN.split('\n')[2] ?? ''}&signature=32bseYy39DOlatuewpeuW5vpmW51sD1A%2FJdGynqSpP8%3D`);
  });

  it('HmacSHA1 uses SHA-1 over the same string', () => {
    const expected = createHmac('sha1', 'SECRETACCESSKEY').update(V1_STRING_TO_SIGN).digest('base64');
    expect(computeSignature('SECRETACCESSKEY', 'HmacSHA1', V1_STRING_TO_SIGN)).toBe(expected);
    expect(expected).not.toBe(computeSignature('SECRETACCESSKEY', 'HmacSHA256', V1_STRING_TO_SIGN));
  });

  it('the path is part of the signature (/iaas and /iaas/ differ)', () => {
    expect(stringToSign('GET', '/iaas', V1_PARAMS)).not.toBe(stringToSign('GET', '/iaas/', V1_PARAMS));
    expect(stringToSign('post', '/iaas/', V1_PARAMS).startsWith('POST\n/iaas/\n')).toBe(true);
  });
});

describe('percentEncode', () => {
  it.each([
    ['a b', 'a%20b'],
    ['2013-08-27T14:30:10Z', '2013-08-27T14%3A30%3A10Z'],
    ['/+=,*@!\'()', '%2F%2B%3D%2C%2A%40%21%27%28%29'],
    ['-_.~AZaz09', '-_.~AZaz09'],
    ['中', '%E4%B8%AD'],
    ['192.168.0.0/16', '192.168.0.0%2F16'],
  ])('%s → %s', (input, expected) => {
    expect(percentEncode(input)).toBe(expected);
  });

  it('leaves only unreserved characters and upper-case escapes, and round-trips (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const encoded = percentEncode(text);
        expect(encoded).toMatch(/^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(encoded)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('canonicalQuery', () => {
  it('sorts keys in byte order, so vxnets.10 comes before vxnets.2, and skips signature', () => {
    expect(canonicalQuery({ 'vxnets.2': 'b', 'vxnets.10': 'c', 'vxnets.1': 'a', signature: 'x', Zed: 'z' })).toBe(
      'Zed=z&vxnets.1=a&vxnets.10=c&vxnets.2=b',
    );
  });
});

describe('formatTimeStamp', () => {
  it('drops milliseconds and keeps UTC', () => {
    expect(formatTimeStamp(Date.UTC(2024, 1, 29, 23, 59, 58, 999))).toBe('2024-02-29T23:59:58Z');
  });
});

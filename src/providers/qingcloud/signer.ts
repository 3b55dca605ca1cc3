// Request signing as QingCloud documents it (signature v1): sort every sent parameter by key in
// byte order, percent-encode keys and values (RFC 3986 unreserved set only, upper-case hex, space
// as %20), join with '&', prefix "METHOD\nPATH\n" and HMAC the result with the secret key.

import { createHmac } from 'node:crypto';

export type SignatureMethod = 'HmacSHA256' | 'HmacSHA1';

/** Percent-encodes everything except `A-Z a-z 0-9 - _ . ~` (QingCloud escapes `!'()*` too). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Plain code-unit order, as Go's sort.Strings and Python's sorted() do for ASCII keys. */
function byteOrder(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** `k1=v1&k2=v2…` over every parameter except `signature`, sorted by key. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'signature')
    .sort(byteOrder)
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&');
}

export function stringToSign(method: string, path: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}\n${path}\n${canonicalQuery(params)}`;
}

/** Base64 HMAC of the string to sign. */
export function computeSignature(
  secretAccessKey: string,
  method: SignatureMethod,
  toSign: string,
): string {
  const algorithm = method === 'HmacSHA1' ? 'sha1' : 'sha256';
  return createHmac(algorithm, Buffer.from(secretAccessKey, 'utf8')).update(toSign, 'utf8').digest('base64').trim();
}

/** `YYYY-MM-DDThh:mm:ssZ` in UTC, the only time_stamp format the API takes. */
export function formatTimeStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface SigningInput {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly signatureMethod: SignatureMethod;
  readonly nowMs: number;
  /** Action parameters, already flattened and free of empty values. */
  readonly params: Readonly<Record<string, string>>;
}

export interface SignedParams {
  /** Every parameter to send, including `signature`. */
  readonly params: Readonly<Record<string, string>>;
  /** The canonical query plus `&signature=…`, ready to append to the path after `?` or to post as a form. */
  readonly encoded: string;
}

/** Adds the common auth parameters and the signature. */
export function signParams(input: SigningInput): SignedParams {
  const params: Record<string, string> = {
    ...input.params,
    access_key_id: input.accessKeyId,
    signature_method: input.signatureMethod,
    signature_version: '1',
    time_stamp: formatTimeStamp(input.nowMs),
    version: '1',
  };
  const signature = computeSignature(input.secretAccessKey, input.signatureMethod, stringToSign(input.method, input.path, params));
  return {
    params: { ...params, signature },
    encoded: `${canonicalQuery(params)}&signature=${percentEncode(signature)}`,
  };
}

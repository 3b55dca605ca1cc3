// Server-side signature check, written independently of the client's signer (byte-wise UTF-8
// escaping instead of encodeURIComponent) so the two cross-check each other.

import { createHmac, timingSafeEqual } from 'node:crypto';

const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;

export function escapeStrict(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function serverStringToSign(method: string, path: string, params: ReadonlyMap<string, string>): string {
  const keys = [...params.keys()].filter((k) => k !== 'signature').sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const query = keys.map((k) => `${escapeStrict(k)}=${escapeStrict(params.get(k) ?? '')}`).join('&');
  return `${method}\n${path}\n${query}`;
}

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly why: string };

export function verifySignature(
  method: string,
  path: string,
  params: ReadonlyMap<string, string>,
  secretAccessKey: string,
): SignatureCheck {
  const given = params.get('signature');
  if (given === undefined) return { ok: false, why: 'signature missing' };
  const algorithm = params.get('signature_method');
  if (algorithm !== 'HmacSHA256' && algorithm !== 'HmacSHA1') return { ok: false, why: 'unsupported signature_method' };
  if (params.get('signature_version') !== '1') return { ok: false, why: 'unsupported signature_version' };
  const expected = createHmac(algorithm === 'HmacSHA1' ? 'sha1' : 'sha256', secretAccessKey)
    .update(serverStringToSign(method, path, params), 'utf8')
    .digest('base64');
  // The docs tell clients to send '+' raw if base64 had spaces; form decoding turns '+' into ' '.
  const normalised = given.replace(/ /g, '+');
  const a = Buffer.from(expected);
  const b = Buffer.from(normalised);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, why: 'signature not matched' };
  return { ok: true };
}

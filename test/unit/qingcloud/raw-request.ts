// Hand-built requests for checking the simulator's own rules (bypassing the client's retries).

import { canonicalQuery, computeSignature, formatTimeStamp, percentEncode, stringToSign } from '../../../src/providers/qingcloud/signer.js';
import type { QingCloudSimulator } from '../../qingcloud-sim/server.js';

export interface RawOptions {
  readonly method?: 'GET' | 'POST';
  readonly path?: string;
  readonly secret?: string;
  readonly nowMs?: number;
  /** Parameters signed but replaced on the wire (to break the signature). */
  readonly tamper?: Record<string, string>;
  /** Leave out these auth parameters. */
  readonly omit?: readonly string[];
}

export interface RawReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: Record<string, unknown> & { ret_code?: number; message?: string };
}

export async function rawCall(sim: QingCloudSimulator, params: Record<string, string>, options: RawOptions = {}): Promise<RawReply> {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/iaas/';
  const omitted = new Set(options.omit ?? []);
  const all: Record<string, string> = Object.fromEntries(
    Object.entries({
      zone: sim.zone,
      ...params,
      access_key_id: sim.accessKeyId,
      signature_method: 'HmacSHA256',
      signature_version: '1',
      time_stamp: formatTimeStamp(options.nowMs ?? Date.now()),
    }).filter(([key]) => !omitted.has(key)),
  );
  const signature = computeSignature(options.secret ?? sim.secretAccessKey, 'HmacSHA256', stringToSign(method, path, all));
  const sent = { ...all, ...options.tamper };
  const encoded = `${canonicalQuery(sent)}&signature=${percentEncode(signature)}`;
  const base = new URL(sim.endpoint);
  const response = await fetch(`${base.origin}${path}${method === 'GET' ? `?${encoded}` : ''}`, {
    method,
    ...(method === 'POST' ? { body: encoded, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } : {}),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: (await response.json()) as RawReply['body'],
  };
}

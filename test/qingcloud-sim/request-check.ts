// The checks the API makes before it looks at an action: required parameters, credentials,
// signature and time_stamp freshness. Returns the first failure, like the real server.

import { verifySignature } from './signature.js';

export interface CheckSettings {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly zone: string;
  readonly maxSkewMs: number;
  readonly knownActions: ReadonlySet<string>;
}

export type CheckResult = { readonly ok: true } | { readonly ok: false; readonly retCode: number; readonly message: string };

const TIME_STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Drops empty-valued parameters, as the real server seems to do before verifying (hostnic-cni#14). */
export function withoutEmpty(params: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...params].filter(([, value]) => value !== ''));
}

export function checkRequest(
  method: string,
  path: string,
  params: ReadonlyMap<string, string>,
  settings: CheckSettings,
  nowMs: number,
): CheckResult {
  const action = params.get('action');
  if (action === undefined) return { ok: false, retCode: 1100, message: 'MissingParameter, the parameter [action] is required' };
  if (params.get('access_key_id') !== settings.accessKeyId) {
    return { ok: false, retCode: 1200, message: 'AuthFailure, access key id not found' };
  }
  const signature = verifySignature(method, path, params, settings.secretAccessKey);
  if (!signature.ok) return { ok: false, retCode: 1200, message: `AuthFailure, ${signature.why}` };
  const timeStamp = params.get('time_stamp');
  if (timeStamp === undefined || !TIME_STAMP.test(timeStamp)) {
    return { ok: false, retCode: 1100, message: 'InvalidParameter, time_stamp should be like 2013-08-27T14:30:10Z' };
  }
  if (Math.abs(nowMs - Date.parse(timeStamp)) > settings.maxSkewMs) {
    return { ok: false, retCode: 1300, message: `MessageExpired, time_stamp [${timeStamp}] has expired` };
  }
  const expires = params.get('expires');
  if (expires !== undefined && !(Date.parse(expires) >= nowMs)) {
    return { ok: false, retCode: 1300, message: `MessageExpired, the request expired at [${expires}]` };
  }
  const zone = params.get('zone');
  if (zone === undefined) return { ok: false, retCode: 1100, message: 'MissingParameter, the parameter [zone] is required' };
  if (zone !== settings.zone) return { ok: false, retCode: 1100, message: `InvalidParameter, zone [${zone}] is not available` };
  if (!settings.knownActions.has(action)) return { ok: false, retCode: 1101, message: `InvalidAction, action [${action}] not found` };
  return { ok: true };
}

// The AdmissionReview wire format (admission.k8s.io/v1), parsed and answered without I/O. Anything
// that is not a well-formed v1 review is a client error: the apiserver never sends one, so it is
// answered 400 rather than guessed at.
import type { JsonPatchOperation } from '../kube/kube-client.js';

export const ADMISSION_REVIEW_API_VERSION = 'admission.k8s.io/v1';

export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly operation: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subResource?: string;
  readonly object?: unknown;
  /** The object before the write (UPDATE, DELETE). */
  readonly oldObject?: unknown;
  readonly userInfo?: { readonly username: string; readonly groups: readonly string[] };
  readonly dryRun?: boolean;
}

export type ParsedAdmissionReview = { readonly ok: true; readonly request: AdmissionRequest } | { readonly ok: false; readonly message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseAdmissionReview(body: unknown): ParsedAdmissionReview {
  if (!isRecord(body)) return { ok: false, message: 'body is not a JSON object' };
  if (body.apiVersion !== ADMISSION_REVIEW_API_VERSION || body.kind !== 'AdmissionReview') {
    return { ok: false, message: `expected an ${ADMISSION_REVIEW_API_VERSION} AdmissionReview, got ${String(body.apiVersion)} ${String(body.kind)}` };
  }
  const request = body.request;
  if (!isRecord(request)) return { ok: false, message: 'AdmissionReview has no request' };
  const kind = request.kind;
  if (typeof request.uid !== 'string' || request.uid === '') return { ok: false, message: 'request.uid is missing' };
  if (!isRecord(kind) || typeof kind.kind !== 'string') return { ok: false, message: 'request.kind is missing' };
  if (typeof request.operation !== 'string') return { ok: false, message: 'request.operation is missing' };
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const namespace = text(request.namespace);
  const name = text(request.name);
  const subResource = text(request.subResource);
  const userInfo = isRecord(request.userInfo) ? request.userInfo : undefined;
  const groups = Array.isArray(userInfo?.groups) ? userInfo.groups.filter((g): g is string => typeof g === 'string') : [];
  return {
    ok: true,
    request: {
      uid: request.uid,
      kind: { group: typeof kind.group === 'string' ? kind.group : '', version: typeof kind.version === 'string' ? kind.version : '', kind: kind.kind },
      operation: request.operation,
      ...(namespace === undefined ? {} : { namespace }),
      ...(name === undefined ? {} : { name }),
      ...(subResource === undefined ? {} : { subResource }),
      ...(request.object === undefined || request.object === null ? {} : { object: request.object }),
      ...(request.oldObject === undefined || request.oldObject === null ? {} : { oldObject: request.oldObject }),
      ...(userInfo === undefined ? {} : { userInfo: { username: typeof userInfo.username === 'string' ? userInfo.username : '', groups } }),
      ...(request.dryRun === true ? { dryRun: true } : {}),
    },
  };
}

export interface AdmissionVerdict {
  readonly patch?: readonly JsonPatchOperation[];
  readonly warnings?: readonly string[];
}

/** An allowing response; a non-empty patch travels base64-encoded as a JSONPatch. */
export function admissionResponse(uid: string, verdict: AdmissionVerdict): Record<string, unknown> {
  const patch = verdict.patch !== undefined && verdict.patch.length > 0 ? Buffer.from(JSON.stringify(verdict.patch)).toString('base64') : undefined;
  return {
    apiVersion: ADMISSION_REVIEW_API_VERSION,
    kind: 'AdmissionReview',
    response: {
      uid,
      allowed: true,
      ...(patch === undefined ? {} : { patchType: 'JSONPatch', patch }),
      ...(verdict.warnings === undefined || verdict.warnings.length === 0 ? {} : { warnings: verdict.warnings }),
    },
  };
}

/** A refusal: the apiserver shows `message` to the client with this HTTP status (403: forbidden). */
export function admissionDenial(uid: string, code: number, message: string): Record<string, unknown> {
  return {
    apiVersion: ADMISSION_REVIEW_API_VERSION,
    kind: 'AdmissionReview',
    response: { uid, allowed: false, status: { code, reason: code === 403 ? 'Forbidden' : 'Invalid', message } },
  };
}

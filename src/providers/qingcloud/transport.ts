// One HTTP exchange with the API over axios. Failures come back as values so the client can decide
// about retries; nothing here includes the URL, because its query carries the signature.

import axios, { type AxiosInstance } from 'axios';

export interface HttpExchange {
  readonly method: 'GET' | 'POST';
  /** scheme://host[:port]/path, without query. */
  readonly url: string;
  /** Signed, encoded parameters: the query for GET, the form body for POST. */
  readonly encoded: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export type TransportFailureKind =
  | 'ConnectionRefused'
  | 'ConnectionReset'
  | 'Timeout'
  | 'NetworkError'
  | 'HttpStatus'
  | 'BadResponse'
  | 'Aborted';

export type TransportResult =
  | { readonly ok: true; readonly body: unknown }
  | {
      readonly ok: false;
      readonly kind: TransportFailureKind;
      readonly detail: string;
      readonly retryable: boolean;
      /** False only when the request certainly never reached the server. */
      readonly maybeExecuted: boolean;
    };

export type Transport = (exchange: HttpExchange) => Promise<TransportResult>;

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_NETWORK', 'ECONNABORTED_BY_PEER']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/** Maps an axios/Node error to a failure kind, keeping only its code and short message. */
export function classifyTransportError(err: unknown): Extract<TransportResult, { ok: false }> {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : '';
  const message = err instanceof Error ? err.message : 'unknown transport error';
  const detail = code === '' ? message : `${code}: ${message}`;
  if (code === 'ERR_CANCELED' || (err instanceof Error && err.name === 'CanceledError')) {
    return { ok: false, kind: 'Aborted', detail, retryable: false, maybeExecuted: true };
  }
  if (NOT_SENT_CODES.has(code)) return { ok: false, kind: 'ConnectionRefused', detail, retryable: true, maybeExecuted: false };
  if (TIMEOUT_CODES.has(code)) return { ok: false, kind: 'Timeout', detail, retryable: true, maybeExecuted: true };
  if (RESET_CODES.has(code) || /socket hang up/i.test(message)) {
    return { ok: false, kind: 'ConnectionReset', detail, retryable: true, maybeExecuted: true };
  }
  return { ok: false, kind: 'NetworkError', detail, retryable: true, maybeExecuted: true };
}

function headerText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Builds the default transport on a private axios instance (no redirects, no env proxy). */
export function createAxiosTransport(instance: AxiosInstance = axios.create({ maxRedirects: 0, proxy: false })): Transport {
  return async (exchange) => {
    try {
      const isGet = exchange.method === 'GET';
      const response = await instance.request<unknown>({
        method: exchange.method,
        url: isGet ? `${exchange.url}?${exchange.encoded}` : exchange.url,
        ...(isGet ? {} : { data: exchange.encoded, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
        timeout: exchange.timeoutMs,
        signal: exchange.signal,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
      });
      if (response.status !== 200) {
        const serverSide = response.status >= 500;
        return {
          ok: false,
          kind: 'HttpStatus',
          detail: `HTTP ${response.status}`,
          retryable: serverSide,
          maybeExecuted: serverSide,
        };
      }
      // Like the Go SDK, only a JSON content type is decoded.
      if (!headerText(response.headers['content-type']).toLowerCase().startsWith('application/json')) {
        return { ok: false, kind: 'BadResponse', detail: 'response is not application/json', retryable: false, maybeExecuted: true };
      }
      try {
        return { ok: true, body: JSON.parse(headerText(response.data)) as unknown };
      } catch {
        return { ok: false, kind: 'BadResponse', detail: 'response body is not valid JSON', retryable: false, maybeExecuted: true };
      }
    } catch (err) {
      return classifyTransportError(err);
    }
  };
}

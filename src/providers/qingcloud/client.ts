// The low-level QingCloud API client: flattens and signs parameters, sends them within the call
// budget, decodes `ret_code` and retries exactly what the error table says is worth retrying.
// Credentials stay inside this object: logs and errors carry the action and ret_code only.

import { abortReason, fullJitterDelay, sleep as defaultSleep, type FullJitterBackoff } from '../../util/backoff.js';
import { CallBudget, type CallBudgetOptions } from './call-budget.js';
import { QingCloudApiError, apiErrorFromRetCode } from './errors.js';
import { flattenParams, type ParamInput } from './params.js';
import { classifyRetCode } from './ret-codes.js';
import { signParams, type SignatureMethod } from './signer.js';
import { createAxiosTransport, type Transport, type TransportResult } from './transport.js';

export interface QingCloudCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Outcome label of one HTTP attempt: `ok`, a ret_code reason, or a transport failure kind. */
export type CallHook = (action: string, outcome: string) => void;

/** Minimal structured logger (pino-compatible). */
export interface ClientLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface QingCloudClientOptions {
  /** e.g. `https://api.qingcloud.com/iaas/`; the path is signed exactly as given. */
  readonly endpoint: string;
  readonly zone: string;
  readonly credentials: QingCloudCredentials;
  readonly signatureMethod?: SignatureMethod;
  readonly httpMethod?: 'GET' | 'POST';
  readonly timeoutMs?: number;
  /** Total HTTP attempts per call, first included; default 6. */
  readonly maxAttempts?: number;
  readonly backoff?: FullJitterBackoff;
  /** A shared budget, or options for a private one. */
  readonly budget?: CallBudget | CallBudgetOptions;
  readonly onCall?: CallHook;
  readonly logger?: ClientLogger;
  readonly transport?: Transport;
  /** Clock for `time_stamp`; tests inject one. */
  readonly now?: () => number;
  /** [0, 1) source for jitter. */
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /**
   * False for creates: when the server may have executed the call (timeout, reset, 5000/5100) the
   * client does not repeat it, so no duplicate appears; the caller looks it up by name instead.
   */
  readonly idempotent?: boolean;
}

/** Every response carries these; the rest is action-specific. */
export interface ApiResponse {
  readonly action?: string;
  readonly ret_code: number;
  readonly message?: string;
}

const DEFAULT_BACKOFF: FullJitterBackoff = { baseDelayMs: 500, maxDelayMs: 20_000 };

function isApiResponse(body: unknown): body is ApiResponse {
  return typeof body === 'object' && body !== null && typeof (body as { ret_code?: unknown }).ret_code === 'number';
}

export class QingCloudClient {
  readonly zone: string;
  readonly budget: CallBudget;
  private readonly ownsBudget: boolean;
  private readonly url: string;
  private readonly path: string;
  // A #private field: unlike TS `private`, it does not show up in util.inspect or JSON output.
  readonly #credentials: QingCloudCredentials;
  private readonly signatureMethod: SignatureMethod;
  private readonly httpMethod: 'GET' | 'POST';
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: FullJitterBackoff;
  private readonly transport: Transport;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly onCall: CallHook | undefined;
  private readonly logger: ClientLogger | undefined;

  constructor(options: QingCloudClientOptions) {
    const endpoint = new URL(options.endpoint);
    this.url = `${endpoint.origin}${endpoint.pathname}`;
    this.path = endpoint.pathname;
    this.zone = options.zone;
    this.#credentials = { ...options.credentials };
    this.signatureMethod = options.signatureMethod ?? 'HmacSHA256';
    this.httpMethod = options.httpMethod ?? 'GET';
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 6);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.ownsBudget = !(options.budget instanceof CallBudget);
    this.budget = options.budget instanceof CallBudget ? options.budget : new CallBudget(options.budget);
    this.transport = options.transport ?? createAxiosTransport();
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? defaultSleep;
    this.onCall = options.onCall;
    this.logger = options.logger;
  }

  /** Stops making calls (shutdown): waiting and later calls are rejected. A shared budget stays open. */
  close(): void {
    if (this.ownsBudget) this.budget.close();
  }

  /** Calls `action`; resolves with the decoded body when ret_code is 0, else throws QingCloudApiError. */
  async call<T extends object>(action: string, params: ParamInput = {}, options: CallOptions = {}): Promise<T & ApiResponse> {
    const flat = { ...flattenParams(params), action, zone: this.zone };
    const idempotent = options.idempotent ?? true;
    let resigned = false;
    for (let attempt = 1; ; attempt += 1) {
      if (options.signal?.aborted === true) throw abortReason(options.signal);
      const result = await this.budget.run(() => this.send(flat, options.signal), options.signal);
      const failure = this.judge(action, result);
      if (failure === undefined) return (result as { body: T & ApiResponse }).body;
      const { error, retry } = failure;
      const canRetry =
        attempt < this.maxAttempts &&
        (retry === 'yes' || (retry === 'ifIdempotent' && idempotent) || (retry === 'resignOnce' && !resigned));
      this.logger?.debug({ action, attempt, reason: error.code, retCode: error.retCode, willRetry: canRetry }, 'qingcloud call failed');
      if (!canRetry) throw error;
      if (retry === 'resignOnce') {
        resigned = true; // every attempt is signed afresh, so the retry carries a new time_stamp
        continue;
      }
      await this.sleep(fullJitterDelay(attempt - 1, this.backoff, this.random), options.signal);
    }
  }

  private async send(params: Record<string, string>, signal: AbortSignal | undefined): Promise<TransportResult> {
    const signed = signParams({
      method: this.httpMethod,
      path: this.path,
      accessKeyId: this.#credentials.accessKeyId,
      secretAccessKey: this.#credentials.secretAccessKey,
      signatureMethod: this.signatureMethod,
      nowMs: this.now(),
      params,
    });
    return this.transport({
      method: this.httpMethod,
      url: this.url,
      encoded: signed.encoded,
      timeoutMs: this.timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  }

  /** Undefined on success, else the error and how the retry policy treats it. */
  private judge(
    action: string,
    result: TransportResult,
  ): { error: QingCloudApiError; retry: 'no' | 'yes' | 'ifIdempotent' | 'resignOnce' } | undefined {
    if (!result.ok) {
      this.onCall?.(action, result.kind);
      const error = new QingCloudApiError(
        result.kind === 'Aborted' ? 'Aborted' : `Transport${result.kind}`,
        `QingCloud ${action} failed: ${result.detail}`,
        { action, retryable: result.retryable },
      );
      const retry = !result.retryable ? 'no' : result.maybeExecuted ? 'ifIdempotent' : 'yes';
      return { error, retry };
    }
    if (!isApiResponse(result.body)) {
      this.onCall?.(action, 'BadResponse');
      return {
        error: new QingCloudApiError('BadResponse', `QingCloud ${action} failed: response has no ret_code`, { action, retryable: false }),
        retry: 'no',
      };
    }
    const { ret_code: retCode, message = '' } = result.body;
    if (retCode === 0) {
      this.onCall?.(action, 'ok');
      return undefined;
    }
    const cls = classifyRetCode(retCode, message);
    this.onCall?.(action, cls.reason);
    return { error: apiErrorFromRetCode(action, retCode, message), retry: cls.clientRetry };
  }
}

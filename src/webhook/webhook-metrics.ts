// Metrics of the admission webhook, on every replica: requests by outcome and their latency, values
// capped, and the serving certificate's expiry and reloads.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type WebhookOutcome = 'patched' | 'unchanged' | 'unmanaged' | 'ignored' | 'allowed' | 'denied' | 'invalid' | 'unavailable' | 'error';

export interface WebhookMetrics {
  request(webhook: string, outcome: WebhookOutcome, seconds: number): void;
  capped(direction: string): void;
  certificateLoaded(notAfter: Date | undefined): void;
  certificateWritten(kind: 'create' | 'rotate-ca' | 'renew-serving'): void;
}

export const WEBHOOK_METRIC_NAMES = {
  requests: 'tenant_network_webhook_requests_total',
  duration: 'tenant_network_webhook_request_duration_seconds',
  capped: 'tenant_network_webhook_capped_total',
  certificateExpiry: 'tenant_network_webhook_certificate_expiry_timestamp_seconds',
  certificateReloads: 'tenant_network_webhook_certificate_reloads_total',
  certificateWrites: 'tenant_network_webhook_certificate_writes_total',
} as const;

const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export function createWebhookMetrics(registry: Registry): WebhookMetrics {
  const registers = [registry];
  const requests = new Counter({ name: WEBHOOK_METRIC_NAMES.requests, help: 'Admission requests answered per webhook and outcome', labelNames: ['webhook', 'outcome'], registers });
  const duration = new Histogram({ name: WEBHOOK_METRIC_NAMES.duration, help: 'Time to answer an admission request, from the first byte read to the response written', labelNames: ['webhook'], buckets: LATENCY_BUCKETS, registers });
  const capped = new Counter({ name: WEBHOOK_METRIC_NAMES.capped, help: 'Tenant bandwidth annotations above the project limit (or unreadable) that were capped', labelNames: ['direction'], registers });
  const expiry = new Gauge({ name: WEBHOOK_METRIC_NAMES.certificateExpiry, help: 'Expiry of the serving certificate this replica uses (Unix seconds)', registers });
  const reloads = new Counter({ name: WEBHOOK_METRIC_NAMES.certificateReloads, help: 'Serving certificates loaded into the running server (hot reloads included)', registers });
  const writes = new Counter({ name: WEBHOOK_METRIC_NAMES.certificateWrites, help: 'Certificate Secret writes by this replica per kind (create, rotate-ca, renew-serving)', labelNames: ['kind'], registers });
  return {
    request: (webhook, outcome, seconds) => {
      requests.inc({ webhook, outcome });
      duration.observe({ webhook }, seconds);
    },
    capped: (direction) => { capped.inc({ direction }); },
    certificateLoaded: (notAfter) => {
      reloads.inc();
      if (notAfter !== undefined) expiry.set(notAfter.getTime() / 1000);
    },
    certificateWritten: (kind) => { writes.inc({ kind }); },
  };
}

// When the chart renders its PrometheusRule (prometheusRule.enabled auto, true, false) and how the
// release's values reach it: the job every alert selects, extra labels, a bad mode refused.
import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../src/kube/kube-client.js';
import { only, renderChart } from '../../support/helm.js';

const OPERATOR_API = ['--api-versions', 'monitoring.coreos.com/v1/PrometheusRule'];

function ruleCount(objects: readonly KubeObject[]): number {
  return objects.filter((o) => o.kind === 'PrometheusRule').length;
}

function exprs(objects: readonly KubeObject[]): string[] {
  const spec = (only(objects, 'PrometheusRule') as { spec?: { groups?: { rules: { expr: string }[] }[] } }).spec;
  return (spec?.groups ?? []).flatMap((g) => g.rules.map((r) => r.expr));
}

describe('the PrometheusRule', () => {
  it('is rendered only where the Prometheus operator\'s API is served, unless forced', async () => {
    expect(ruleCount(await renderChart())).toBe(0);
    expect(ruleCount(await renderChart({ extraArgs: OPERATOR_API }))).toBe(1);
    expect(ruleCount(await renderChart({ values: { prometheusRule: { enabled: true } } }))).toBe(1);
    expect(ruleCount(await renderChart({ values: { prometheusRule: { enabled: false } }, extraArgs: OPERATOR_API }))).toBe(0);
  });

  it('selects the metrics Service\'s name as the job, or prometheusRule.job', async () => {
    const byService = exprs(await renderChart({ release: 'net', extraArgs: OPERATOR_API }));
    expect(byService.length).toBeGreaterThan(0);
    for (const expr of byService) expect(expr).toContain('job="net-tenant-network-controller"');
    const custom = exprs(await renderChart({ values: { prometheusRule: { enabled: true, job: 'kubesphere/tnc' } } }));
    for (const expr of custom) {
      expect(expr).toContain('job="kubesphere/tnc"');
      expect(expr).not.toContain('job="tnc-tenant-network-controller"');
    }
  });

  it('carries the chart\'s labels and prometheusRule.labels', async () => {
    const rule = only(await renderChart({ values: { prometheusRule: { enabled: true, labels: { prometheus: 'k8s', role: 'alert-rules' } } } }), 'PrometheusRule');
    expect(rule.metadata?.namespace).toBe('tenant-network-system');
    expect(rule.metadata?.labels).toMatchObject({ prometheus: 'k8s', role: 'alert-rules', 'app.kubernetes.io/name': 'tenant-network-controller' });
  });

  it('refuses a mode other than auto, true or false', async () => {
    await expect(renderChart({ values: { prometheusRule: { enabled: 'yes' } } })).rejects.toThrow(/prometheusRule/);
  });
});

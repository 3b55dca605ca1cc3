// `helm lint` and `helm template` for the default values and each provider, the Kubernetes version
// floor, and values.schema.json / template checks refusing bad values with a message naming them.
import { describe, expect, it } from '@jest/globals';
import { CHART_DIR, helm, KUBE_VERSION, renderChart, valuesFile } from '../../support/helm.js';

const QINGCLOUD = { provider: 'qingcloud', qingcloud: { credentialsSecret: 'qingcloud-api', zone: 'pek3a' } };

const VARIANTS: readonly { name: string; values: unknown }[] = [
  { name: 'default values', values: undefined },
  { name: 'calico', values: { provider: 'calico' } },
  { name: 'qingcloud', values: QINGCLOUD },
  { name: 'everything optional on', values: { workspaceCrd: { install: true }, serviceMonitor: { enabled: true, labels: { release: 'prom' } }, prometheusRule: { enabled: true, labels: { release: 'prom' } }, commonLabels: { team: 'net' } } },
];

async function lint(values: unknown, extra: readonly string[] = []): Promise<{ code: number; output: string }> {
  const file = values === undefined ? undefined : valuesFile(values);
  try {
    const result = await helm(['lint', CHART_DIR, '--strict', '--kube-version', KUBE_VERSION, ...(file === undefined ? [] : ['-f', file.path]), ...extra]);
    return { code: result.code, output: result.stdout + result.stderr };
  } finally {
    file?.remove();
  }
}

describe('helm lint and template', () => {
  it.each(VARIANTS)('lints strictly and renders with $name', async ({ values }) => {
    const linted = await lint(values);
    expect(linted.output).toContain('0 chart(s) failed');
    expect(linted.code).toBe(0);
    const objects = await renderChart({ values, kubeVersion: KUBE_VERSION });
    expect(objects.length).toBeGreaterThanOrEqual(10);
    for (const o of objects) {
      expect(o.apiVersion).toEqual(expect.any(String));
      expect(o.metadata?.name).toEqual(expect.any(String));
    }
  });

  it('renders on the oldest supported Kubernetes and refuses older ones, saying which', async () => {
    await expect(renderChart({ kubeVersion: '1.27.0' })).resolves.not.toHaveLength(0);
    await expect(renderChart({ kubeVersion: '1.26.15' })).rejects.toThrow(/needs Kubernetes 1\.27 or later.*assumes v1\.26\.15/);
  });

  it('says what to pass when helm template is not told the Kubernetes version (Helm assumes v1.20.0)', async () => {
    const result = await helm(['template', 'tnc', CHART_DIR]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/needs Kubernetes 1\.27 or later, and this render assumes v1\.20\.0: pass your cluster's version, e\.g\. `helm template \.\.\. --kube-version 1\.31\.0`/);
  });
});

describe('bad values are refused with a message naming them', () => {
  const cases: readonly { name: string; values: unknown; message: RegExp }[] = [
    { name: 'unknown provider', values: { provider: 'flannel' }, message: /\/provider/ },
    { name: 'qingcloud without a credentials Secret', values: { provider: 'qingcloud' }, message: /credentialsSecret/ },
    { name: 'a credential in values', values: { provider: 'qingcloud', qingcloud: { credentialsSecret: 'x', qy_secret_access_key: 'abc' } }, message: /qy_secret_access_key/ },
    { name: 'zero replicas', values: { replicaCount: 0 }, message: /\/replicaCount/ },
    { name: 'a VPC pool that is not a CIDR', values: { config: { vpcPool: ['10.128.0.0'] } }, message: /\/config\/vpcPool\/0/ },
    { name: 'an empty VPC pool', values: { config: { vpcPool: [] } }, message: /\/config\/vpcPool/ },
    { name: 'a VPC prefix out of range', values: { config: { vpcPrefixLength: 30 } }, message: /\/config\/vpcPrefixLength/ },
    { name: 'an unknown log level', values: { config: { logLevel: 'verbose' } }, message: /\/config\/logLevel/ },
    { name: 'probe port 0', values: { config: { probePort: 0 } }, message: /\/config\/probePort/ },
    { name: 'a misspelt option', values: { replicas: 3 }, message: /replicas/ },
    { name: 'an unknown Calico mode', values: { calico: { ipipMode: 'Sometimes' } }, message: /\/calico\/ipipMode/ },
    { name: 'a QingCloud tag too long', values: { ...QINGCLOUD, qingcloud: { ...QINGCLOUD.qingcloud, tagName: 'a-very-long-tag-name' } }, message: /\/qingcloud\/tagName/ },
    { name: 'two replicas without leader election', values: { leaderElection: { enabled: false } }, message: /leaderElection\.enabled/ },
    { name: 'an existing ServiceAccount without its name', values: { serviceAccount: { create: false } }, message: /serviceAccount\.name is required/ },
  ];

  it.each(cases)('$name', async ({ values, message }) => {
    await expect(renderChart({ values })).rejects.toThrow(message);
  });
});

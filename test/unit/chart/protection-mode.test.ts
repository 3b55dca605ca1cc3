// The chart picks how the protection rules are enforced from what the cluster serves
// (templates/_compat.tpl, docs/compatibility.md): admission policies v1 from 1.30, v1beta1 plus the
// controller's webhook where only v1beta1 is served, the webhook alone on older clusters.
import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../src/kube/kube-client.js';
import { renderChart } from '../../support/helm.js';

const times = (n: number, value: string): string[] => Array.from({ length: n }, () => value);
const kinds = (objects: readonly KubeObject[]): string[] => objects.filter((o) => o.apiVersion?.startsWith('admissionregistration.k8s.io/') === true).map((o) => `${o.apiVersion ?? ''} ${o.kind ?? ''}`).sort();
const protection = (objects: readonly KubeObject[]): unknown => {
  const config = objects.find((o) => o.kind === 'ConfigMap' && (o as { data?: Record<string, string> }).data?.['config.json'] !== undefined) as { data: Record<string, string> } | undefined;
  return (JSON.parse(config?.data['config.json'] ?? '{}') as { webhook?: { protection?: unknown } }).webhook?.protection;
};

describe('how the chart enforces the protection rules', () => {
  it('uses v1 admission policies from Kubernetes 1.30, and no protection webhook', async () => {
    const objects = await renderChart({ kubeVersion: '1.30.0' });
    expect(kinds(objects)).toEqual([
      'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
      ...times(4, 'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy'),
      ...times(4, 'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding'),
    ]);
    expect(protection(objects)).toMatchObject({ enabled: false });
  });

  it('uses the controller\'s validating webhook on 1.27, with the same rules and parameters', async () => {
    const objects = await renderChart({ kubeVersion: '1.27.16', values: { admissionPolicies: { strict: true, adminUsers: ['breakglass'] } } });
    expect(kinds(objects)).toEqual(['admissionregistration.k8s.io/v1 MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration']);
    const webhook = objects.find((o) => o.kind === 'ValidatingWebhookConfiguration') as KubeObject & { webhooks: { name: string; failurePolicy: string; clientConfig: { service: { path: string; namespace: string } } }[] };
    expect(webhook.webhooks.map((w) => [w.name, w.clientConfig.service.path, w.failurePolicy])).toEqual([
      ['namespace-labels.protection.sdn.kubesphere.io', '/validate/namespace-labels', 'Fail'],
      ['managed-networkpolicies.protection.sdn.kubesphere.io', '/validate/managed-networkpolicies', 'Fail'],
      ['strict-networkpolicies.protection.sdn.kubesphere.io', '/validate/strict-networkpolicies', 'Fail'],
      ['pod-metadata.protection.sdn.kubesphere.io', '/validate/pod-metadata', 'Fail'],
      ['pod-bandwidth.protection.sdn.kubesphere.io', '/validate/pod-bandwidth', 'Fail'],
    ]);
    expect(protection(objects)).toEqual({
      enabled: true, strict: true, configurationName: 'tnc-tenant-network-controller-protection',
      controllerUsers: ['system:serviceaccount:tenant-network-system:tnc-tenant-network-controller'],
      adminGroups: ['system:masters', 'system:serviceaccounts:kubesphere-system'], adminUsers: ['breakglass'],
    });
    const role = objects.find((o) => o.kind === 'ClusterRole') as { rules: { resources: string[]; resourceNames?: string[] }[] };
    expect(role.rules).toContainEqual(expect.objectContaining({ resources: ['validatingwebhookconfigurations'], resourceNames: ['tnc-tenant-network-controller-protection'] }));
  });

  it('leaves the strict rule out unless strict, and honours webhookFailurePolicy', async () => {
    const objects = await renderChart({ kubeVersion: '1.27.16', values: { admissionPolicies: { webhookFailurePolicy: 'Ignore' } } });
    const webhook = objects.find((o) => o.kind === 'ValidatingWebhookConfiguration') as KubeObject & { webhooks: { name: string; failurePolicy: string }[] };
    expect(webhook.webhooks.map((w) => w.name)).not.toContain('strict-networkpolicies.protection.sdn.kubesphere.io');
    expect(new Set(webhook.webhooks.map((w) => w.failurePolicy))).toEqual(new Set(['Ignore']));
  });

  it('installs the v1beta1 policies where only they are served (but the bandwidth one, whose CEL needs v1), and the webhook too (Helm cannot see the feature gate)', async () => {
    const objects = await renderChart({ kubeVersion: '1.29.10', extraArgs: ['--api-versions', 'admissionregistration.k8s.io/v1beta1/ValidatingAdmissionPolicy'] });
    expect(kinds(objects)).toEqual([
      'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration',
      'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
      ...times(3, 'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy'),
      ...times(3, 'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicyBinding'),
    ]);
  });

  it('refuses plainly what cannot work: policies forced on a cluster without them, or the webhook switched off', async () => {
    await expect(renderChart({ kubeVersion: '1.27.16', values: { admissionPolicies: { enforcement: 'policies' } } })).rejects.toThrow(/serves no ValidatingAdmissionPolicy API/);
    await expect(renderChart({ kubeVersion: '1.27.16', values: { webhook: { enabled: false } } })).rejects.toThrow(/set webhook.enabled=true, or admissionPolicies.enabled=false/);
    await expect(renderChart({ kubeVersion: '1.27.16', values: { webhook: { enabled: false }, admissionPolicies: { enabled: false } } })).resolves.not.toHaveLength(0);
  });
});

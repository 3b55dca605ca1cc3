// The chart's webhook, admission policies, traffic settings and dashboard: rendered from the one
// source (generated/ and dashboards/), named per release, wired to the controller's config file,
// and each switchable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { V1ConfigMap, V1Deployment, V1Role, V1Service } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { paramExpressions, serviceAccountUser } from '../../../src/admission-manifests/params.js';
import { parseConfig } from '../../../src/cmd/config.js';
import type { KubeObject } from '../../../src/kube/kube-client.js';
import { CHART_DIR, only, renderChart } from '../../support/helm.js';

const NAMESPACE = 'tenant-network-system';
const FULLNAME = 'tnc-tenant-network-controller';

type Webhooks = KubeObject & { webhooks: { clientConfig: { service?: Record<string, unknown>; caBundle?: string }; namespaceSelector: { matchExpressions: unknown[] }; failurePolicy: string }[] };
type Binding = KubeObject & { spec: { policyName: string } };
type Policy = KubeObject & { spec: { variables: { name: string; expression: string }[] } };

function generated(file: string): KubeObject & Record<string, unknown> {
  return parse(readFileSync(join(CHART_DIR, 'generated', file), 'utf8')) as KubeObject & Record<string, unknown>;
}

function controllerConfig(objects: readonly KubeObject[]): ReturnType<typeof parseConfig> {
  const file = (only(objects, 'ConfigMap', FULLNAME) as KubeObject & V1ConfigMap).data?.['config.json'] ?? '';
  return parseConfig(JSON.parse(file) as unknown, { POD_NAMESPACE: NAMESPACE }, []);
}

function kinds(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => o.kind ?? '');
}

describe('the webhook', () => {
  it('renders the generated configuration, pointed at the release Service, which maps 443 to the container port', async () => {
    const objects = await renderChart();
    const configuration = only(objects, 'MutatingWebhookConfiguration', FULLNAME) as Webhooks;
    const source = generated('mutating-webhook-configuration.yaml') as unknown as Webhooks;
    const webhook = configuration.webhooks[0];
    expect({ ...webhook, clientConfig: undefined }).toEqual({ ...source.webhooks[0], clientConfig: undefined });
    expect(webhook?.clientConfig).toEqual({ service: { name: `${FULLNAME}-webhook`, namespace: NAMESPACE, port: 443, path: '/mutate-pods' } });
    expect(webhook?.failurePolicy).toBe('Ignore');

    const service = only(objects, 'Service', `${FULLNAME}-webhook`) as KubeObject & V1Service;
    expect(service.spec?.ports).toEqual([{ name: 'webhook', port: 443, targetPort: 'webhook', protocol: 'TCP' }]);
    const container = (only(objects, 'Deployment') as KubeObject & V1Deployment).spec?.template.spec?.containers[0];
    expect(container?.ports?.find((p) => p.name === 'webhook')?.containerPort).toBe(9443);

    const parsed = controllerConfig(objects);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(parsed.config.webhook).toEqual({
      enabled: true, port: 9443, annotationSets: ['kubernetes'], calicoBurst: '16Mi', certificates: 'self-signed',
      secretName: `${FULLNAME}-webhook-tls`, serviceName: `${FULLNAME}-webhook`, configurationName: FULLNAME, caValidityDays: 3650, certValidityDays: 365, ipAddresses: [],
      // The admission policies run in the apiserver here (1.36): the webhook does not serve the rules.
      protection: {
        enabled: false, strict: false, configurationName: `${FULLNAME}-protection`, controllerUsers: [`system:serviceaccount:${NAMESPACE}:${FULLNAME}`],
        adminGroups: ['system:masters', 'system:serviceaccounts:kubesphere-system'], adminUsers: [],
      },
    });
  });

  it('appends extra namespace selector expressions and moves the port', async () => {
    const extra = { key: 'example.com/no-bandwidth', operator: 'DoesNotExist' };
    const objects = await renderChart({ values: { webhook: { port: 10443, extraNamespaceSelectorExpressions: [extra] } } });
    const configuration = only(objects, 'MutatingWebhookConfiguration') as Webhooks;
    expect(configuration.webhooks[0]?.namespaceSelector.matchExpressions).toEqual([{ key: 'sdn.kubesphere.io/workspace', operator: 'Exists' }, extra]);
    const parsed = controllerConfig(objects);
    expect(parsed.ok && parsed.config.webhook.port).toBe(10443);
  });

  it('with cert-manager: a Certificate for the Service names, CA injection, and read-only access to the Secret', async () => {
    const objects = await renderChart({ values: { webhook: { certManager: { enabled: true } } } });
    const certificate = only(objects, 'Certificate') as KubeObject & { spec: { secretName: string; dnsNames: string[]; issuerRef: { name: string } } };
    expect(certificate.spec.secretName).toBe(`${FULLNAME}-webhook-tls`);
    expect(certificate.spec.dnsNames).toContain(`${FULLNAME}-webhook.${NAMESPACE}.svc`);
    expect(certificate.spec.issuerRef.name).toBe(only(objects, 'Issuer').metadata?.name);
    expect(only(objects, 'MutatingWebhookConfiguration').metadata?.annotations).toEqual({ 'cert-manager.io/inject-ca-from': `${NAMESPACE}/${certificate.metadata?.name ?? ''}` });
    const parsed = controllerConfig(objects);
    expect(parsed.ok && parsed.config.webhook.certificates).toBe('external');
    const role = only(objects, 'Role', FULLNAME) as KubeObject & V1Role;
    expect(role.rules?.filter((r) => r.resources?.includes('secrets'))).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: [`${FULLNAME}-webhook-tls`], verbs: ['get'] }]);
    const clusterRole = only(objects, 'ClusterRole', FULLNAME) as KubeObject & V1Role;
    expect(clusterRole.rules?.some((r) => r.resources?.includes('mutatingwebhookconfigurations'))).toBe(false);

    const named = await renderChart({ values: { webhook: { certManager: { enabled: true, issuerRef: { kind: 'ClusterIssuer', name: 'corp-ca' } } } } });
    expect(kinds(named)).not.toContain('Issuer');
    expect((only(named, 'Certificate') as KubeObject & { spec: { issuerRef: unknown } }).spec.issuerRef).toEqual({ name: 'corp-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });

  it('switched off: no configuration, Service, port, Secret or pod access, and the controller is told so', async () => {
    const objects = await renderChart({ values: { webhook: { enabled: false } } });
    expect(kinds(objects)).not.toContain('MutatingWebhookConfiguration');
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata?.name)).toEqual([FULLNAME]);
    const rules = objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole').flatMap((r) => (r as KubeObject & V1Role).rules ?? []);
    expect(rules.filter((r) => r.resources?.some((x) => ['secrets', 'pods', 'mutatingwebhookconfigurations'].includes(x)))).toEqual([]);
    const parsed = controllerConfig(objects);
    expect(parsed.ok && parsed.config.webhook.enabled).toBe(false);
  });
});

describe('the admission policies', () => {
  it('renders the generated policies named per release, their parameters compiled in from this release\'s values', async () => {
    // A quote and a backslash: the chart's CEL escaping must match the TypeScript one.
    const adminUsers = ['breakglass', "o'brien\\x"];
    const objects = await renderChart({ values: { admissionPolicies: { adminGroups: ['system:masters', 'platform-admins'], adminUsers } } });
    const policies = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy') as Policy[];
    expect(policies.map((p) => p.metadata?.name).sort()).toEqual([`${FULLNAME}-managed-networkpolicies`, `${FULLNAME}-pod-bandwidth-limit`, `${FULLNAME}-protected-namespace-labels`, `${FULLNAME}-protected-pod-metadata`]);
    const expected = paramExpressions({ controllerUsers: [serviceAccountUser(NAMESPACE, FULLNAME)], adminGroups: ['system:masters', 'platform-admins'], adminUsers });
    for (const [name, file] of [['pod-bandwidth-limit', 'vap-pod-bandwidth.yaml'], ['protected-namespace-labels', 'vap-namespace-labels.yaml'], ['protected-pod-metadata', 'vap-pod-metadata.yaml'], ['managed-networkpolicies', 'vap-managed-networkpolicies.yaml']] as const) {
      const policy = only(objects, 'ValidatingAdmissionPolicy', `${FULLNAME}-${name}`) as Policy;
      const shipped = generated(file) as unknown as Policy;
      // Everything as generated but the parameter variables, which carry this release's values.
      const params = policy.spec.variables.filter((v) => v.name in expected);
      expect(params.length).toBeGreaterThanOrEqual(3);
      for (const v of params) expect(v.expression).toBe(expected[v.name as keyof typeof expected]);
      expect(policy.spec.variables.map((v) => v.name)).toEqual(shipped.spec.variables.map((v) => v.name));
      expect(policy.spec.variables.filter((v) => !(v.name in expected))).toEqual(shipped.spec.variables.filter((v) => !(v.name in expected)));
      expect({ ...policy.spec, variables: [] }).toEqual({ ...shipped.spec, variables: [] });
      expect(policy.spec).not.toHaveProperty('paramKind');
    }
    // Pods are checked in project namespaces only, the same ones the webhook mutates in.
    const podBinding = only(objects, 'ValidatingAdmissionPolicyBinding', `${FULLNAME}-protected-pod-metadata`) as Binding & { spec: { matchResources?: unknown } };
    expect(podBinding.spec.matchResources).toEqual((generated('vap-binding-pod-metadata.yaml') as { spec: { matchResources: unknown } }).spec.matchResources);
    expect(podBinding.spec.policyName).toBe(`${FULLNAME}-protected-pod-metadata`);
    for (const binding of objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding') as Binding[]) {
      expect(policies.map((p) => p.metadata?.name)).toContain(binding.spec.policyName);
      expect(binding.spec).not.toHaveProperty('paramRef');
    }
    expect(objects.filter((o) => o.kind === 'ConfigMap' && o.metadata?.name === `${FULLNAME}-admission`)).toEqual([]);
  });

  it('holds pods to the project limit only where the webhook stamps it', async () => {
    const noWebhook = await renderChart({ values: { webhook: { enabled: false } } });
    expect(noWebhook.filter((o) => o.metadata?.name === `${FULLNAME}-pod-bandwidth-limit`)).toEqual([]);
    const both = await renderChart({ values: { webhook: { annotationSets: ['kubernetes', 'calico'] } } });
    const policy = only(both, 'ValidatingAdmissionPolicy', `${FULLNAME}-pod-bandwidth-limit`) as Policy;
    expect(policy.spec.variables.find((v) => v.name === 'bandwidthAnnotationSets')?.expression).toBe("['kubernetes', 'calico']");
  });

  it('adds the strict policy on request, and renders none when switched off', async () => {
    const strict = await renderChart({ values: { admissionPolicies: { strict: true } } });
    expect(strict.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').map((o) => o.metadata?.name)).toContain(`${FULLNAME}-strict-networkpolicies`);
    const off = await renderChart({ values: { admissionPolicies: { enabled: false } } });
    expect(off.filter((o) => /ValidatingAdmissionPolicy/.test(o.kind ?? '') || o.metadata?.name === `${FULLNAME}-admission`)).toEqual([]);
  });
});

describe('traffic and the dashboard', () => {
  it('passes traffic settings, leaving empty queries to the controller\'s defaults', async () => {
    const objects = await renderChart({ values: { traffic: { periodSeconds: 60, prometheusUrl: 'http://prometheus:9090', egressQuery: 'sum by (namespace) (x)' } } });
    const parsed = controllerConfig(objects);
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    expect(parsed.config.traffic).toMatchObject({ enabled: true, periodSeconds: 60, prometheusUrl: 'http://prometheus:9090', egressQuery: 'sum by (namespace) (x)' });
    expect(parsed.config.traffic.ingressQuery).toMatch(/container_network_receive_bytes_total/);
  });

  it('ships the dashboard JSON unchanged with the sidecar label, and none when switched off', async () => {
    const objects = await renderChart();
    const dashboard = only(objects, 'ConfigMap', `${FULLNAME}-dashboard`) as KubeObject & V1ConfigMap;
    expect(dashboard.metadata?.labels?.grafana_dashboard).toBe('1');
    expect(JSON.parse(dashboard.data?.['tenant-network-controller.json'] ?? '')).toEqual(JSON.parse(readFileSync(join(CHART_DIR, 'dashboards/tenant-network-controller.json'), 'utf8')));
    const off = await renderChart({ values: { dashboard: { enabled: false } } });
    expect(off.filter((o) => o.metadata?.name === `${FULLNAME}-dashboard`)).toEqual([]);
  });

  it('refuses bad values naming them', async () => {
    await expect(renderChart({ values: { webhook: { annotationSets: ['cilium'] } } })).rejects.toThrow(/\/webhook\/annotationSets\/0/);
    await expect(renderChart({ values: { traffic: { periodSeconds: 1 } } })).rejects.toThrow(/\/traffic\/periodSeconds/);
    await expect(renderChart({ values: { traffic: { prometheusUrl: 'prometheus:9090' } } })).rejects.toThrow(/\/traffic\/prometheusUrl/);
  });
});

import { describe, expect, it } from '@jest/globals';
import { PROTECTION_RULES } from './protection-rules.js';
import { renderProtectionWebhookConfiguration } from './protection-webhook-configuration.js';

describe('renderProtectionWebhookConfiguration', () => {
  const config = renderProtectionWebhookConfiguration({
    name: 'p', rules: PROTECTION_RULES, clientConfig: (path) => ({ url: `https://127.0.0.1:9443${path}` }), exemptNamespaces: ['kube-system', 'tns'],
  });
  const webhook = (name: string): Record<string, unknown> | undefined => config.webhooks.find((w) => w.name === `${name}.protection.sdn.kubesphere.io`);

  it('asks about exactly what each rule\'s policy and binding match, and fails closed', () => {
    expect(config.webhooks).toHaveLength(PROTECTION_RULES.length);
    expect(webhook('namespace-labels')).toMatchObject({
      clientConfig: { url: 'https://127.0.0.1:9443/validate/namespace-labels' },
      rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['namespaces'], scope: '*' }],
      failurePolicy: 'Fail', sideEffects: 'None', timeoutSeconds: 5,
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'tns'] }] },
    });
    expect(webhook('managed-networkpolicies')).toMatchObject({ rules: [{ operations: ['CREATE', 'UPDATE', 'DELETE'], resources: ['networkpolicies'] }] });
  });

  it('sends pods of project namespaces only, like the pod webhook and the pod policy\'s binding', () => {
    expect((webhook('pod-metadata')?.namespaceSelector as { matchExpressions: unknown[] }).matchExpressions[0]).toEqual({ key: 'sdn.kubesphere.io/workspace', operator: 'Exists' });
  });
});

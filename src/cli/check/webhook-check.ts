// Does the pod webhook answer? Its configuration has the caBundle the controller made; then a pod
// created with a server-side dry run (validated and admitted, never stored) in a namespace the
// webhook selects must come back stamped with its project's workspace. With failurePolicy Ignore,
// an unanswered webhook shows as an unstamped pod. Without a project yet there is nothing to call:
// the check says so and is skipped, not passed.
import { LABEL_WORKSPACE } from '../../api/constants.js';
import { PROJECT_NETWORKS } from '../../api/resources.js';
import { isNotFound } from '../../kube/api-error.js';
import type { KubeClient, KubeObject } from '../../kube/kube-client.js';
import { CORE, resourcePath, type ResourceType } from '../../kube/resource.js';
import { compareStrings } from '../../policy/order.js';
import { errorMessage } from '../../util/errors.js';
import type { LoadedSettings } from '../controller-settings.js';
import type { ProjectNetworkObject } from '../snapshot.js';
import { fail, pass, skip, type CheckResult } from './check-result.js';
import { selectorString, type LabelSelectorObject } from './label-selector.js';

const MUTATING_WEBHOOK_CONFIGURATIONS: ResourceType = { group: 'admissionregistration.k8s.io', version: 'v1', plural: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false };

type WebhookConfiguration = KubeObject & { webhooks?: { name: string; clientConfig?: { caBundle?: string }; namespaceSelector?: LabelSelectorObject }[] };
type Pod = KubeObject & { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };

/** A pod any Pod Security level and any quota that asks for resources accept, never started. */
export function probePod(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: 'tenantnet-check-', labels: { 'app.kubernetes.io/name': 'tenantnet-check' } },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{
        name: 'check',
        image: 'registry.k8s.io/pause:3.10',
        resources: { requests: { cpu: '1m', memory: '8Mi' }, limits: { cpu: '10m', memory: '16Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      }],
    },
  };
}

/** The first (by name) Ready project among the namespaces the webhook selects. */
export function pickProject(selected: readonly string[], networks: readonly ProjectNetworkObject[]): ProjectNetworkObject | undefined {
  const wanted = new Set(selected);
  return networks
    .filter((p) => wanted.has(p.metadata.name ?? '') && p.status?.phase === 'Ready' && p.metadata.deletionTimestamp === undefined)
    .sort((a, b) => compareStrings(a.metadata.name ?? '', b.metadata.name ?? ''))[0];
}

/** What the webhook wrote on the pod, for the report line. */
export function stampsOf(pod: Pod): string[] {
  const annotations = pod.metadata?.annotations ?? {};
  return Object.entries(annotations).filter(([k]) => k.endsWith('-bandwidth') || k.endsWith('Bandwidth')).map(([k, v]) => `${k}=${v}`).sort();
}

async function configuration(client: KubeClient, name: string): Promise<WebhookConfiguration | string> {
  try {
    return await client.get<WebhookConfiguration>(MUTATING_WEBHOOK_CONFIGURATIONS, name);
  } catch (err) {
    return isNotFound(err) ? `MutatingWebhookConfiguration ${name} does not exist` : errorMessage(err);
  }
}

/** Without a caBundle the call cannot succeed, but the dry run still shows what a tenant's pod gets. */
export async function checkWebhook(client: KubeClient, loaded: LoadedSettings, now: () => Date): Promise<CheckResult> {
  const { webhook } = loaded.settings;
  if (!webhook.enabled) return skip('webhook', 'the webhook is off in the controller\'s settings (webhook.enabled: false)');
  try {
    const config = await configuration(client, webhook.configurationName);
    if (typeof config === 'string') return fail('webhook', config);
    const hook = config.webhooks?.[0];
    const noCa = hook?.clientConfig?.caBundle === undefined || hook.clientConfig.caBundle === ''
      ? `MutatingWebhookConfiguration ${webhook.configurationName} has no caBundle yet (the controller writes it once it has made its CA)`
      : undefined;
    const [namespaces, networks] = await Promise.all([
      client.list(CORE.namespaces, { labelSelector: selectorString(hook?.namespaceSelector), metadataOnly: true }),
      client.list<ProjectNetworkObject>(PROJECT_NETWORKS),
    ]);
    const project = pickProject(namespaces.items.map((n) => n.metadata?.name ?? ''), networks.items);
    if (project === undefined) {
      if (noCa !== undefined) return fail('webhook', noCa);
      const none = namespaces.items.length === 0 ? 'no namespace is a project yet' : `none of the ${namespaces.items.length} namespaces it selects has a Ready ProjectNetwork`;
      return skip('webhook', `configuration ${webhook.configurationName} has its caBundle, but ${none}: there is nothing to call it for. Run the check again once a project exists`);
    }
    const namespace = project.metadata.name ?? '';
    const started = now().getTime();
    const created = await client.request<Pod>('POST', resourcePath(CORE.pods, { namespace }), { query: { dryRun: 'All', fieldManager: client.fieldManager }, body: probePod() });
    const ms = now().getTime() - started;
    const stamped = created.metadata?.labels?.[LABEL_WORKSPACE];
    if (stamped !== project.spec.workspace) {
      const why = noCa ?? 'the webhook did not answer and failurePolicy Ignore let the pod through (is its Service ready?)';
      return fail('webhook', `a dry-run pod in project ${namespace} came back unstamped in ${ms} ms: ${why}`);
    }
    const stamps = stampsOf(created);
    return pass('webhook', `a dry-run pod in project ${namespace} came back stamped (${[`${LABEL_WORKSPACE}=${stamped}`, ...stamps].join(', ')}) in ${ms} ms`);
  } catch (err) {
    return fail('webhook', errorMessage(err));
  }
}

// An in-memory API server for the CLI's unit and golden tests: the KubeClient calls the commands
// make (list with label selectors, get, merge patch, apply, delete, dry-run POST, proxy GET),
// answered from a set of objects, every write recorded, and chosen requests refused with 403.
import { LABEL_PROJECT, LABEL_WORKSPACE } from '../api/constants.js';
import { KubeApiError } from '../kube/api-error.js';
import type { KubeClient, KubeObject, ListOptions, ObjectList } from '../kube/kube-client.js';
import type { ResourceType } from '../kube/resource.js';
import { renderProjectPolicies } from '../policy/index.js';
import { CONTROLLER_CONFIG_KEY, CONTROLLER_CONFIG_LABEL, METRICS_SERVICE_ANNOTATION } from './controller-settings.js';
import { settingsFromConfigMaps } from './fetch-settings.js';
import { connectivityInputOf, snapshotGraph } from './model-input.js';
import type { ClusterSnapshot } from './snapshot.js';
import { namespace, sampleSnapshot } from './snapshot.test-support.js';

export interface RecordedWrite {
  readonly verb: 'mergePatch' | 'apply' | 'delete' | 'create';
  readonly resource: string;
  readonly name: string;
  readonly namespace?: string;
  readonly body?: unknown;
  readonly dryRun: boolean;
}

/** `k=v`, `k`, `!k`, comma-separated: what the CLI's own selectors use. */
function matches(selector: string | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (selector === undefined || selector === '') return true;
  return selector.split(',').every((term) => {
    const [key = '', value] = term.split('=');
    if (key.startsWith('!')) return labels?.[key.slice(1)] === undefined;
    return value === undefined ? labels?.[key] !== undefined : labels?.[key] === value;
  });
}

function notFound(what: string): KubeApiError {
  return new KubeApiError(404, 'NotFound', `${what} not found`, false);
}

export class FakeCluster {
  readonly writes: RecordedWrite[] = [];
  /** Requests answered with 403: `verb plural` anywhere, `verb plural NAMESPACE` there, `verb plural *` cluster-wide only. */
  readonly forbidden = new Set<string>();
  /** Resources that are not served at all (404 on list), e.g. a CRD that is not installed. */
  readonly unserved = new Set<string>();
  /** Answers of non-resource paths (the service proxy). */
  readonly texts = new Map<string, string>();
  /** What a dry-run pod create returns, given the pod sent. */
  podAdmission: (pod: KubeObject, namespace: string) => KubeObject = (pod) => pod;
  private readonly objects: Map<string, KubeObject[]>;

  constructor(objects: Readonly<Record<string, readonly KubeObject[]>>) {
    this.objects = new Map(Object.entries(objects).map(([plural, list]) => [plural, structuredClone([...list])]));
  }

  /** Replaces every object of a resource. */
  set(plural: string, objects: readonly KubeObject[]): void {
    this.objects.set(plural, structuredClone([...objects]));
  }

  remove(plural: string, name: string): void {
    this.objects.set(plural, (this.objects.get(plural) ?? []).filter((o) => o.metadata?.name !== name));
  }

  private refuse(verb: string, plural: string, namespace?: string): void {
    if (this.forbidden.has(`${verb} ${plural}`) || this.forbidden.has(`${verb} ${plural} ${namespace ?? '*'}`)) {
      throw new KubeApiError(403, 'Forbidden', `${verb} ${plural}${namespace === undefined ? '' : ` in ${namespace}`} is forbidden`, false);
    }
  }

  private all(plural: string): KubeObject[] {
    if (this.unserved.has(plural)) throw notFound(`the server could not find the requested resource (${plural})`);
    return this.objects.get(plural) ?? [];
  }

  private find(plural: string, name: string, namespace?: string): KubeObject | undefined {
    return this.all(plural).find((o) => o.metadata?.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  }

  list<T extends KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<ObjectList<T>> {
    return Promise.resolve().then(() => {
      this.refuse('list', type.plural, options.namespace);
      const items = this.all(type.plural).filter((o) => (options.namespace === undefined || o.metadata?.namespace === options.namespace) && matches(options.labelSelector, o.metadata?.labels));
      return { items: structuredClone(items) as T[], metadata: {} };
    });
  }

  get<T extends KubeObject>(type: ResourceType, name: string, namespace?: string): Promise<T> {
    return Promise.resolve().then(() => {
      this.refuse('get', type.plural, namespace);
      const found = this.find(type.plural, name, namespace);
      if (found === undefined) throw notFound(`${type.plural} ${name}`);
      return structuredClone(found) as T;
    });
  }

  private record(write: RecordedWrite): void {
    this.refuse(write.verb === 'delete' ? 'delete' : 'patch', write.resource, write.namespace);
    this.writes.push(write);
  }

  client(): KubeClient {
    const fake = {
      server: 'https://fake.invalid',
      fieldManager: 'kubectl-tenantnet',
      list: <T extends KubeObject>(type: ResourceType, options?: ListOptions) => this.list<T>(type, options),
      get: <T extends KubeObject>(type: ResourceType, name: string, namespace?: string) => this.get<T>(type, name, namespace),
      mergePatch: (type: ResourceType, name: string, body: unknown, opts: { namespace?: string; dryRun?: boolean } = {}) =>
        Promise.resolve().then(() => {
          this.record({ verb: 'mergePatch', resource: type.plural, name, ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }), body, dryRun: opts.dryRun === true });
          return {};
        }),
      apply: (type: ResourceType, object: KubeObject, opts: { dryRun?: boolean } = {}) =>
        Promise.resolve().then(() => {
          this.record({ verb: 'apply', resource: type.plural, name: object.metadata?.name ?? '', body: object, dryRun: opts.dryRun === true });
          return object;
        }),
      delete: (type: ResourceType, name: string, opts: { namespace?: string; dryRun?: boolean } = {}) =>
        Promise.resolve().then(() => {
          this.record({ verb: 'delete', resource: type.plural, name, ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }), dryRun: opts.dryRun === true });
        }),
      request: (method: string, path: string, options: { body?: unknown; query?: Record<string, unknown> } = {}) =>
        Promise.resolve().then(() => {
          const pods = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(path);
          if (method !== 'POST' || pods === null) throw notFound(`${method} ${path}`);
          const namespace = pods[1] ?? '';
          this.refuse('create', 'pods', namespace);
          this.writes.push({ verb: 'create', resource: 'pods', name: '', namespace, body: options.body, dryRun: options.query?.dryRun === 'All' });
          return this.podAdmission(structuredClone(options.body as KubeObject), namespace);
        }),
      getText: (path: string) =>
        Promise.resolve().then(() => {
          const text = this.texts.get(path);
          if (text === undefined) throw new KubeApiError(503, 'ServiceUnavailable', `GET ${path}: no endpoints available`, true);
          return text;
        }),
      close: () => Promise.resolve(),
    };
    return fake as unknown as KubeClient;
  }
}

/** The sample cluster's objects by resource, the way the CLI lists them. */
export function objectsOf(snapshot: ClusterSnapshot): Record<string, KubeObject[]> {
  return {
    namespaces: [...snapshot.namespaces],
    workspaces: [...snapshot.workspaces],
    workspacenetworks: [...snapshot.workspaceNetworks],
    projectnetworks: [...snapshot.projectNetworks],
    projectconnections: [...snapshot.connections],
  };
}

export const SAMPLE_RELEASE = 'tnc-tenant-network-controller';
export const SAMPLE_NAMESPACE = 'tenant-network-system';

/** The chart's config ConfigMap for the sample: ingress-nginx and 203.0.113.0/24 may enter projects. */
export function sampleConfigMap(config: Record<string, unknown> = {}): KubeObject {
  const file = {
    provider: 'calico',
    namespace: SAMPLE_NAMESPACE,
    systemNamespaces: ['kube-system'],
    allowedIngressNamespaces: ['ingress-nginx'],
    allowedIngressCIDRs: ['203.0.113.0/24'],
    extraPodCidrs: ['10.244.0.0/16'],
    vpcPool: ['10.128.0.0/10'],
    leaderElection: true,
    leaseName: SAMPLE_RELEASE,
    webhook: { enabled: true, configurationName: SAMPLE_RELEASE },
    traffic: { enabled: true, periodSeconds: 60 },
    ...config,
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: SAMPLE_RELEASE, namespace: SAMPLE_NAMESPACE, labels: { [CONTROLLER_CONFIG_LABEL]: 'true' }, annotations: { [METRICS_SERVICE_ANNOTATION]: SAMPLE_RELEASE } },
    data: { [CONTROLLER_CONFIG_KEY]: JSON.stringify(file) },
  } as KubeObject;
}

/**
 * The sample cluster as an API server would hold it once the controller runs: the chart's
 * ConfigMap, each project's policy, a pod in web, the controller's endpoints, Lease and webhook
 * configuration, and a webhook that stamps pods.
 */
export function sampleCluster(): FakeCluster {
  const snapshot = sampleSnapshot();
  const loaded = settingsFromConfigMaps([sampleConfigMap()], undefined);
  // The controller's own workspace label on every project, which the webhook selects on.
  const marked = snapshot.namespaces.map((n) => {
    const ws = snapshot.projectNetworks.find((p) => p.metadata.name === n.metadata?.name)?.spec.workspace;
    return ws === undefined ? n : { ...n, metadata: { ...n.metadata, labels: { ...n.metadata?.labels, [LABEL_WORKSPACE]: ws } } };
  });
  const namespaces = [...marked, namespace('ingress-nginx'), namespace(SAMPLE_NAMESPACE)];
  const withSettings = { ...snapshot, namespaces, settings: loaded.settings };
  const input = connectivityInputOf(snapshotGraph(withSettings), loaded.settings, ['10.128.0.0/10', '10.244.0.0/16']);
  const policies = snapshotGraph(withSettings).projectNames().flatMap((p) => renderProjectPolicies(input, p)) as unknown as KubeObject[];
  const cluster = new FakeCluster({
    ...objectsOf(withSettings),
    configmaps: [sampleConfigMap()],
    networkpolicies: policies,
    pods: [{ metadata: { name: 'web-1', namespace: 'web' }, spec: { hostNetwork: false }, status: { podIP: '10.128.0.17' } } as KubeObject, { metadata: { name: 'agent', namespace: 'web' }, spec: { hostNetwork: true }, status: { podIP: '192.0.2.10' } } as KubeObject],
    endpointslices: [{ metadata: { name: `${SAMPLE_RELEASE}-x1`, namespace: SAMPLE_NAMESPACE, labels: { 'kubernetes.io/service-name': SAMPLE_RELEASE } }, endpoints: [{ conditions: { ready: true } }, { conditions: { ready: true } }] } as KubeObject],
    leases: [{ metadata: { name: SAMPLE_RELEASE, namespace: SAMPLE_NAMESPACE }, spec: { holderIdentity: `${SAMPLE_RELEASE}-7d9f-abcde`, renewTime: '2024-01-01T00:01:57.000000Z', leaseDurationSeconds: 15 } } as KubeObject],
    mutatingwebhookconfigurations: [{ metadata: { name: SAMPLE_RELEASE }, webhooks: [{ name: 'pods.sdn.kubesphere.io', clientConfig: { caBundle: 'LS0tLS1CRUdJTi==' }, namespaceSelector: { matchExpressions: [{ key: LABEL_WORKSPACE, operator: 'Exists' }] } }] } as KubeObject],
  });
  cluster.texts.set(`/api/v1/namespaces/${SAMPLE_NAMESPACE}/services/${SAMPLE_RELEASE}:metrics/proxy/readyz`, 'ok\n');
  cluster.podAdmission = (pod, ns) => {
    const project = snapshot.projectNetworks.find((p) => p.metadata.name === ns);
    if (project === undefined) return pod;
    const metadata = { ...pod.metadata, name: 'tenantnet-check-x7k2p', labels: { ...pod.metadata?.labels, [LABEL_WORKSPACE]: project.spec.workspace, [LABEL_PROJECT]: ns }, annotations: { 'kubernetes.io/ingress-bandwidth': '100M', 'kubernetes.io/egress-bandwidth': '50M' } };
    return { ...pod, metadata };
  };
  return cluster;
}

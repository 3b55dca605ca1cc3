// Turns objects read from a real API server into the evaluator's inputs.
import type { V1Namespace, V1Pod } from '@kubernetes/client-node';
import type { NamedContainerPort, NamespaceInfo, PodEndpoint, Protocol } from './types.js';

export function namespaceInfoOf(namespace: V1Namespace): NamespaceInfo {
  return { name: namespace.metadata?.name ?? '', labels: namespace.metadata?.labels ?? {} };
}

export function podEndpointOf(pod: V1Pod): PodEndpoint {
  const namedPorts: NamedContainerPort[] = (pod.spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? []).flatMap((p) => (p.name === undefined ? [] : [{ name: p.name, protocol: (p.protocol ?? 'TCP') as Protocol, port: p.containerPort }])),
  );
  const ip = pod.status?.podIP;
  return {
    kind: 'pod',
    namespace: pod.metadata?.namespace ?? '',
    labels: pod.metadata?.labels ?? {},
    namedPorts,
    ...(ip === undefined ? {} : { ip }),
  };
}

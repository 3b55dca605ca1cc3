// The ProjectConnection that `connect FROM TO` stands for, and whether a live one already says the same.
import { API_GROUP_VERSION, KIND_PROJECT_CONNECTION } from '../api/constants.js';
import { projectConnectionSpecWithDefaults, type DefaultedConnectionPort, type ProjectConnection, type ProjectConnectionSpec } from '../api/project-connection.js';
import { allowanceKey, allowanceOfPorts } from '../policy/index.js';
import { formatPort } from './port-spec.js';

export interface ConnectRequest {
  readonly from: string;
  readonly to: string;
  readonly oneWay: boolean;
  readonly ports: readonly DefaultedConnectionPort[];
}

/** `from.to`: namespace names have no dots, so the name is unique per ordered pair and readable. */
export function connectionName(from: string, to: string): string {
  return `${from}.${to}`;
}

export function desiredConnection(request: ConnectRequest): ProjectConnection {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: KIND_PROJECT_CONNECTION,
    metadata: { name: connectionName(request.from, request.to) },
    spec: {
      from: { project: request.from },
      to: { project: request.to },
      bidirectional: !request.oneWay,
      ...(request.ports.length === 0 ? {} : { ports: [...request.ports] }),
    },
  };
}

/** Same ends, direction and (canonical) ports: applying would change nothing that matters. */
export function sameConnection(a: ProjectConnectionSpec, b: ProjectConnectionSpec): boolean {
  const x = projectConnectionSpecWithDefaults(a);
  const y = projectConnectionSpecWithDefaults(b);
  return x.from.project === y.from.project && x.to.project === y.to.project && x.bidirectional === y.bidirectional && allowanceKey(allowanceOfPorts(x.ports)) === allowanceKey(allowanceOfPorts(y.ports));
}

/** `a <-> b, all ports` / `a -> b, TCP/80` */
export function describeConnection(spec: ProjectConnectionSpec): string {
  const s = projectConnectionSpecWithDefaults(spec);
  const ports = s.ports === undefined || s.ports.length === 0 ? 'all ports' : s.ports.map(formatPort).join(', ');
  return `${s.from.project} ${s.bidirectional ? '<->' : '->'} ${s.to.project}, ${ports}`;
}

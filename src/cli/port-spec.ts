// `--port` values: `tcp/80`, `udp/53`, `tcp/8000-8080`, or a bare `443` (TCP), as in a
// ProjectConnection's `spec.ports`; and the one port `why` asks about.
import { PORT_PROTOCOLS, type DefaultedConnectionPort, type PortProtocol } from '../api/project-connection.js';
import type { Flow } from '../policy/index.js';

export type PortSpecResult = { readonly ok: true; readonly port: DefaultedConnectionPort } | { readonly ok: false; readonly message: string };

const PORT_SPEC = /^(?:([a-zA-Z]+)\/)?(\d{1,5})(?:-(\d{1,5}))?$/;

export function parsePortSpec(text: string): PortSpecResult {
  const match = PORT_SPEC.exec(text.trim());
  if (match === null) return { ok: false, message: `invalid port ${JSON.stringify(text)}: expected PROTOCOL/PORT or PROTOCOL/FIRST-LAST, e.g. tcp/80 or udp/5000-5010` };
  const protocol = (match[1] ?? 'TCP').toUpperCase();
  if (!isProtocol(protocol)) return { ok: false, message: `invalid port ${JSON.stringify(text)}: protocol must be tcp, udp or sctp` };
  const port = Number(match[2]);
  const endPort = match[3] === undefined ? undefined : Number(match[3]);
  for (const n of [port, endPort]) {
    if (n !== undefined && (n < 1 || n > 65535)) return { ok: false, message: `invalid port ${JSON.stringify(text)}: ${n} is not between 1 and 65535` };
  }
  if (endPort !== undefined && endPort < port) return { ok: false, message: `invalid port ${JSON.stringify(text)}: the range ends before it starts` };
  // A one-port range is written as the port itself, as the apiserver would keep it.
  return { ok: true, port: endPort === undefined || endPort === port ? { protocol, port } : { protocol, port, endPort } };
}

function isProtocol(value: string): value is PortProtocol {
  return (PORT_PROTOCOLS as readonly string[]).includes(value);
}

/** `TCP/80`, `UDP/5000-5010`: how ports are shown everywhere in the CLI. */
export function formatPort(port: { readonly protocol?: string; readonly port: number; readonly endPort?: number }): string {
  const range = port.endPort === undefined || port.endPort === port.port ? `${port.port}` : `${port.port}-${port.endPort}`;
  return `${port.protocol ?? 'TCP'}/${range}`;
}

export type FlowSpecResult = { readonly ok: true; readonly flow: Flow } | { readonly ok: false; readonly message: string };

const FLOW_SPEC = /^(?:(\d{1,5})\/([a-zA-Z]+)|([a-zA-Z]+)\/(\d{1,5})|(\d{1,5}))$/;

/** One concrete port for `why`: `tcp/443`, `443/tcp` or a bare `443` (TCP). */
export function parseFlowSpec(text: string): FlowSpecResult {
  const match = FLOW_SPEC.exec(text.trim());
  const invalid = (why: string): FlowSpecResult => ({ ok: false, message: `invalid port ${JSON.stringify(text)}: ${why}` });
  if (match === null) return invalid('expected PORT/PROTOCOL, PROTOCOL/PORT or PORT, e.g. 443/tcp, udp/53 or 8080');
  const protocol = (match[2] ?? match[3] ?? 'TCP').toUpperCase();
  const port = Number(match[1] ?? match[4] ?? match[5]);
  if (!isProtocol(protocol)) return invalid('protocol must be tcp, udp or sctp');
  if (port < 1 || port > 65535) return invalid(`${port} is not between 1 and 65535`);
  return { ok: true, flow: { protocol, port } };
}

// TLS connections whose client certificate can change (an exec plugin's, renewed before it expires):
// new connections use the latest certificate, and a change closes the connections made with the old
// one, as client-go does, so no request keeps going out on an identity that has expired.
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import type { ClientCertificate, TlsOptions } from './connection.js';

export interface RotatingConnector {
  readonly connect: buildConnector.connector;
  /** The certificate for the next connections; a different one closes the current connections. */
  use(certificate: ClientCertificate | undefined): void;
}

export function createRotatingConnector(tls: TlsOptions): RotatingConnector {
  let certificate: ClientCertificate | undefined;
  let connector = buildConnector({ ...tls });
  const sockets = new Set<Socket>();
  return {
    connect: (options, callback) => {
      connector(options, (...args) => {
        const socket = args[1];
        if (socket !== null) {
          sockets.add(socket);
          socket.once('close', () => { sockets.delete(socket); });
        }
        callback(...args);
      });
    },
    use: (next) => {
      if (next === certificate) return;
      certificate = next;
      connector = buildConnector({ ...tls, ...(next === undefined ? {} : { cert: next.cert, key: next.key }) });
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
}

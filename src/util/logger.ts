// The pino root logger. Built once in `cmd` and passed down as children ({controller, key}).
// Anything that can hold a credential is redacted, wherever it sits in a logged object.
import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export const REDACTED_PATHS = [
  'secretAccessKey', '*.secretAccessKey', '*.*.secretAccessKey',
  'secret_access_key', '*.secret_access_key',
  'signature', '*.signature',
  'token', '*.token', '*.*.token',
  'password', '*.password',
  'authorization', '*.authorization', '*.headers.authorization', '*.*.headers.authorization',
  'keyPem', '*.keyPem', 'tls.key', '*.data["tls.key"]',
];

export function createLogger(options: { level?: LevelWithSilent; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  const config: pino.LoggerOptions = {
    level: options.level ?? 'info',
    base: { name: options.name ?? 'tenant-network-controller' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}

/** A logger that drops everything, for tests and libraries used without one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

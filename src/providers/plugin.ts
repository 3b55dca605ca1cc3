// What a provider folder hands the rest of the program, so that nothing outside it needs to know
// the provider: its name, its section of the configuration file (defaults, and validation that runs
// when the configuration is parsed, so a bad value exits with "invalid configuration"), the CRDs it
// needs in the cluster, and how to build it. providers/registry.ts lists the plug-ins.
import type { KubeClient } from '../kube/kube-client.js';
import type { Logger } from '../util/logger.js';
import type { NetworkProvider } from './contract.js';

/** A provider's section of the controller configuration (the file's key is the provider's name). */
export interface ConfigSection<C extends object> {
  readonly defaults: C;
  /** Reasons a section (merged over the defaults) is invalid, each starting with `<name>.<field>` or `<name>:`; empty when fine. */
  errors(section: unknown): string[];
}

export interface ProviderDependencies {
  readonly client: KubeClient;
  readonly log: Logger;
  /** The controller's namespace: where a provider looks for its Secret unless told otherwise. */
  readonly namespace: string;
  /** The process environment (development settings such as QINGCLOUD_*). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Called once per call to a cloud API, for the call-count metric. */
  readonly countCall?: (action: string, outcome: string) => void;
}

export interface ProviderPlugin<C extends object = object> {
  readonly name: string;
  readonly config: ConfigSection<C>;
  /** CustomResourceDefinitions (`<plural>.<group>`) the provider reads or writes, beyond the controller's own. */
  readonly requiredCrds: readonly string[];
  /** `config` has passed `config.errors`. */
  create(config: C, deps: ProviderDependencies): Promise<NetworkProvider>;
}

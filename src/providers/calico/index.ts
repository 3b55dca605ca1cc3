// The Calico SDN provider (docs/providers.md): project subnet = Calico IPPool, VPC = reserved range.
export { calicoPlugin } from './plugin.js';
export { CalicoProvider, type CalicoProviderOptions } from './provider.js';
export { resolveCalicoSettings, type CalicoSettings, type CalicoSettingsInput, type CalicoSettingsResult } from './options.js';
export { ANNOTATION_CALICO_IPV4_POOLS, ANNOTATION_PROJECT_UID, calicoVpcId, poolName } from './naming.js';

// The Calico SDN provider (DESIGN §6): project subnet = Calico IPPool, VPC = reserved range.
export { CalicoProvider, type CalicoProviderOptions } from './provider.js';
export { resolveCalicoSettings, type CalicoSettings, type CalicoSettingsInput, type CalicoSettingsResult } from './options.js';
export { ANNOTATION_CALICO_IPV4_POOLS, ANNOTATION_PROJECT_UID, calicoVpcId, poolName } from './naming.js';

// The QingCloud SDN provider (docs/providers.md): VPC = router, project subnet = vxnet.
export { qingcloudPlugin } from './plugin.js';
export { QingCloudProvider, QINGCLOUD_VPC_RANGES, type QingCloudProviderOptions } from './provider.js';
export { DEFAULT_QINGCLOUD_CONFIG, type QingCloudConfig } from './config.js';

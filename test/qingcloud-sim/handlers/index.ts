// The actions the simulator implements.

import type { Handler } from './context.js';
import { getMonitor } from './monitor.js';
import { describeJobs, getQuotaLeft } from './misc.js';
import { describeRouterVxnets, joinRouter, leaveRouter } from './router-vxnets.js';
import { createRouters, deleteRouters, describeRouters } from './routers.js';
import { attachTags, createTag, describeTags, detachTags } from './tags.js';
import { createVxnets, deleteVxnets, describeVxnets } from './vxnets.js';

export const HANDLERS: Readonly<Record<string, Handler>> = {
  CreateRouters: createRouters,
  DescribeRouters: describeRouters,
  DeleteRouters: deleteRouters,
  JoinRouter: joinRouter,
  LeaveRouter: leaveRouter,
  DescribeRouterVxnets: describeRouterVxnets,
  CreateVxnets: createVxnets,
  DescribeVxnets: describeVxnets,
  DeleteVxnets: deleteVxnets,
  CreateTag: createTag,
  DescribeTags: describeTags,
  AttachTags: attachTags,
  DetachTags: detachTags,
  DescribeJobs: describeJobs,
  GetMonitor: getMonitor,
  GetQuotaLeft: getQuotaLeft,
};

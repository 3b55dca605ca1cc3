// DescribeJobs and GetQuotaLeft.

import { paginate } from '../sim-params.js';
import type { Handler } from './context.js';

export const describeJobs: Handler = ({ world, params }) => {
  const ids = params.list('jobs');
  const statuses = params.list('status');
  const matches = [...world.jobs.values()]
    .filter((j) => ids.length === 0 || ids.includes(j.job_id))
    .filter((j) => statuses.length === 0 || statuses.includes(world.jobStatus(j)))
    .sort((a, b) => b.seq - a.seq);
  const page = paginate(matches, params);
  return {
    job_set: page.items.map((j) => ({
      job_id: j.job_id,
      job_action: j.job_action,
      status: world.jobStatus(j),
      create_time: world.iso(j.createdAtMs),
      status_time: world.iso(j.finishedAtMs ?? (world.now() >= j.startAtMs ? j.startAtMs : j.createdAtMs)),
      resource_ids: j.resource_ids,
      owner: 'usr-simulator',
      error_codes: j.final === 'failed' ? '5000' : '',
    })),
    total_count: page.total_count,
  };
};

export const getQuotaLeft: Handler = ({ world, params }) => {
  const requested = params.list('resource_types');
  const types = requested.length === 0 ? ['router', 'vxnet', 'tag'] : requested;
  return {
    quota_left_set: types
      .filter((type) => world.quotaOf(type) !== undefined)
      .map((type) => ({ resource_type: type, left: Math.max(0, (world.quotaOf(type) ?? 0) - world.usage(type)) })),
  };
};

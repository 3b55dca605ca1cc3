import { describe, expect, it } from '@jest/globals';
import { parseRequestTotals, writesBetween } from './apiserver-metrics.js';

const before = parseRequestTotals([
  '# HELP apiserver_request_total x',
  'apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="namespaces",scope="resource",subresource="",verb="POST",version="v1"} 10',
  'apiserver_request_total{code="200",component="apiserver",dry_run="",group="coordination.k8s.io",resource="leases",scope="resource",subresource="",verb="PUT",version="v1"} 3',
].join('\n'));
const after = parseRequestTotals([
  'apiserver_request_total{code="201",component="apiserver",dry_run="",group="",resource="namespaces",scope="resource",subresource="",verb="POST",version="v1"} 12',
  'apiserver_request_total{code="409",component="apiserver",dry_run="",group="",resource="namespaces",scope="resource",subresource="",verb="POST",version="v1"} 1',
  'apiserver_request_total{code="200",component="apiserver",dry_run="",group="coordination.k8s.io",resource="leases",scope="resource",subresource="",verb="PUT",version="v1"} 9',
  'apiserver_request_total{code="200",component="apiserver",dry_run="",group="sdn.kubesphere.io",resource="projectnetworks",scope="resource",subresource="status",verb="PATCH",version="v1alpha1"} 4',
  'apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 50',
].join('\n'));

describe('apiserver write counting', () => {
  it('sums codes per verb and resource, and diffs only writes', () => {
    expect(writesBetween(before, after)).toEqual({ total: 13, byKey: { 'POST namespaces': 3, 'PUT leases': 6, 'PATCH projectnetworks/status': 4 } });
  });

  it('leaves out excluded resources', () => {
    expect(writesBetween(before, after, (r) => r === 'leases').total).toBe(7);
  });
});

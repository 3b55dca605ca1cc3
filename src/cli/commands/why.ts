// `why FROM TO [PORT]`: resolves the ends (a namespace that exists, a pod in it, an address — which
// may lie in a project's subnet), reads the cluster's pod ranges when a project sends to an address,
// and asks the policy model which rule decides.
import { isForbidden, isNotFound } from '../../kube/api-error.js';
import type { KubeObject } from '../../kube/kube-client.js';
import { CORE } from '../../kube/resource.js';
import { cidrContainsIp, explainFlow, PROJECT_POLICY_NAME, type Endpoint, type NetworkPolicy } from '../../policy/index.js';
import type { CliCommand, EndpointArg } from '../cli-command.js';
import type { ControllerSettings } from '../controller-settings.js';
import { EXIT, notFound } from '../exit-codes.js';
import { suggestion } from '../lookup.js';
import { connectivityInputOf, snapshotGraph, type SnapshotGraph } from '../model-input.js';
import { renderWhy } from '../render/why-output.js';
import { byName, type ClusterSnapshot } from '../snapshot.js';
import { exceptedRanges, whyReport, type ResolvedEnd } from '../why-report.js';
import type { CommandContext, CommandResult } from './context.js';

type PodObject = KubeObject & { spec?: { hostNetwork?: boolean }; status?: { podIP?: string } };

interface Resolved {
  readonly endpoint: Endpoint;
  readonly end: ResolvedEnd;
}

function textOf(arg: EndpointArg): string {
  return 'ip' in arg ? arg.ip : arg.pod === undefined ? arg.namespace : `${arg.namespace}/${arg.pod}`;
}

async function resolve(arg: EndpointArg, snapshot: ClusterSnapshot, graph: SnapshotGraph, ctx: CommandContext): Promise<Resolved> {
  const text = textOf(arg);
  const foreign = (namespace: string): { foreignPolicies?: number } => {
    const count = byName(snapshot.projectNetworks).get(namespace)?.status?.foreignPolicies;
    return count === undefined ? {} : { foreignPolicies: count };
  };
  if ('ip' in arg) {
    // A pod address is its namespace's as far as policies go; find the project whose subnet holds it.
    const holder = snapshot.projectNetworks.find((p) => p.status?.cidr !== undefined && graph.project(p.metadata.name ?? '') !== undefined && cidrContainsIp(p.status.cidr, arg.ip));
    if (holder === undefined) return { endpoint: { ip: arg.ip }, end: { text } };
    const project = holder.metadata.name ?? '';
    return { endpoint: { namespace: project }, end: { text, subnetOf: { project, cidr: holder.status?.cidr ?? '' }, ...foreign(project) } };
  }
  const names = snapshot.namespaces.map((n) => n.metadata?.name ?? '');
  if (!names.includes(arg.namespace)) throw notFound(`unknown namespace ${arg.namespace}${suggestion(arg.namespace, names)}`);
  if (arg.pod === undefined) return { endpoint: { namespace: arg.namespace }, end: { text, ...foreign(arg.namespace) } };
  let pod: PodObject;
  try {
    pod = await ctx.client.get<PodObject>(CORE.pods, arg.pod, arg.namespace);
  } catch (err) {
    if (isNotFound(err)) throw notFound(`no pod ${arg.pod} in namespace ${arg.namespace}`);
    throw err;
  }
  const ip = pod.status?.podIP;
  return {
    endpoint: { namespace: arg.namespace },
    end: { text, pod: { name: arg.pod, hostNetwork: pod.spec?.hostNetwork === true, ...(ip === undefined ? {} : { ip }) }, ...foreign(arg.namespace) },
  };
}

/**
 * The pod ranges the controller excludes from "outside", read from what it enforces: the `except`
 * lists of the egress ipBlocks in the source project's own policy. They include ranges only the
 * provider knows (Calico's other pools). Without that policy: the VPC pool and extraPodCidrs.
 */
async function podRanges(source: string, settings: ControllerSettings, ctx: CommandContext): Promise<string[]> {
  try {
    const policy = await ctx.client.get<NetworkPolicy & KubeObject>(CORE.networkPolicies, PROJECT_POLICY_NAME, source);
    return exceptedRanges(policy);
  } catch (err) {
    if (!isNotFound(err) && !isForbidden(err)) throw err;
    ctx.err(`note: cannot read NetworkPolicy ${source}/${PROJECT_POLICY_NAME} (${isNotFound(err) ? 'not found' : 'forbidden'}): pod ranges taken from the settings (vpcPool, extraPodCidrs) only\n`);
    return [...new Set([...settings.vpcPool, ...settings.extraPodCidrs])].sort();
  }
}

export async function runWhy(command: Extract<CliCommand, { name: 'why' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  const graph = snapshotGraph(snapshot);
  const [from, to] = await Promise.all([resolve(command.from, snapshot, graph, ctx), resolve(command.to, snapshot, graph, ctx)]);
  // Pod ranges decide only a project's egress to an address.
  const source = 'namespace' in from.endpoint && graph.project(from.endpoint.namespace) !== undefined ? from.endpoint.namespace : undefined;
  const podCidrs = source !== undefined && 'ip' in to.endpoint ? await podRanges(source, snapshot.settings, ctx) : [];
  const input = connectivityInputOf(graph, snapshot.settings, podCidrs);
  const explanation = explainFlow(input, from.endpoint, to.endpoint, command.flow);
  ctx.out(renderWhy(whyReport(explanation, from.end, to.end, snapshot.settings.egressIsolation), command.output, ctx.style));
  return EXIT.ok;
}

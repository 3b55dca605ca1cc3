// ProjectConnection: checks that both ends are projects and reports it. The allowance itself is
// rendered by the project reconciler of each end (connections re-queue both ends).
import { API_GROUP_VERSION, KIND_PROJECT_CONNECTION } from '../../api/constants.js';
import { CONDITION_READY } from '../../api/conditions.js';
import { projectConnectionSpecWithDefaults } from '../../api/project-connection.js';
import { PROJECT_CONNECTIONS } from '../../api/resources.js';
import { setConditions, type ConditionInput } from '../../kube/conditions.js';
import type { Reconciler } from '../../kube/controller.js';
import { patchStatusIfChanged } from '../../kube/status.js';
import type { ControllerContext } from '../context.js';
import { cacheTenancyGraph } from '../tenancy.js';

export function createConnectionReconciler(ctx: ControllerContext): Reconciler {
  return async (name, { signal }) => {
    const connection = ctx.caches.connections.get(name);
    if (connection === undefined || connection.metadata.deletionTimestamp !== undefined) return undefined;
    const spec = projectConnectionSpecWithDefaults(connection.spec);
    const tenancy = cacheTenancyGraph(ctx.caches, ctx.config.systemNamespaces);
    const missing = [...new Set([spec.from.project, spec.to.project])].filter((p) => tenancy.membership(p).kind !== 'project');
    const condition: ConditionInput = missing.length === 0
      ? { type: CONDITION_READY, status: 'True', reason: 'Applied', message: `${spec.from.project} ${spec.bidirectional ? '<->' : '->'} ${spec.to.project} allowed${spec.ports === undefined || spec.ports.length === 0 ? '' : ` on ${spec.ports.length} port range(s)`}` }
      : { type: CONDITION_READY, status: 'False', reason: 'ProjectNotFound', message: `not a project: ${missing.join(', ')}` };
    const previous = connection.status?.conditions?.find((c) => c.type === CONDITION_READY);
    if (condition.status === 'False' && previous?.reason !== condition.reason) {
      ctx.events.record({ apiVersion: API_GROUP_VERSION, kind: KIND_PROJECT_CONNECTION, object: connection }, 'Warning', condition.reason, 'Validate', condition.message);
    }
    await patchStatusIfChanged(ctx.client, PROJECT_CONNECTIONS, connection, {
      phase: condition.status === 'True' ? 'Ready' : 'Pending',
      observedGeneration: connection.metadata.generation,
      conditions: setConditions(connection.status?.conditions, [condition], connection.metadata.generation, ctx.now()),
    }, signal);
    return undefined;
  };
}

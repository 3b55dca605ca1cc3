// `isolate PROJECT`, `open PROJECT` and `workspace WORKSPACE --intra allow|deny`: one field each.
import { KS_ANNOTATION_NETWORK_ISOLATE } from '../../api/constants.js';
import { projectNetworkSpecWithDefaults } from '../../api/project-network.js';
import { PROJECT_NETWORKS, WORKSPACE_NETWORKS } from '../../api/resources.js';
import { workspaceNetworkSchemaDefaults } from '../../api/workspace-network.js';
import { CORE } from '../../kube/resource.js';
import type { CliCommand } from '../cli-command.js';
import { CliError, EXIT, notFound } from '../exit-codes.js';
import { lookupProject, lookupWorkspace } from '../lookup.js';
import { snapshotGraph } from '../model-input.js';
import { byName } from '../snapshot.js';
import { writerFor } from '../writes.js';
import type { CommandContext, CommandResult } from './context.js';

const CONTROLLER_HINT = 'the controller creates it; is the controller running?';

export async function runIsolation(command: Extract<CliCommand, { name: 'isolate' | 'open' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  const graph = snapshotGraph(snapshot);
  const write = writerFor(ctx.client, command.dryRun);
  const found = lookupProject(graph, snapshot, command.project);
  if (!found.ok) throw notFound(found.message);
  const name = command.project;
  const pjn = byName(snapshot.projectNetworks).get(name);
  if (pjn === undefined) throw new CliError(EXIT.error, `project ${name} has no ProjectNetwork yet: ${CONTROLLER_HINT}`);

  const wanted = command.name === 'isolate' ? 'Isolated' : 'Inherit';
  if (projectNetworkSpecWithDefaults(pjn.spec).isolation === wanted) {
    ctx.out(`projectnetwork/${name} unchanged: isolation ${wanted}\n`);
  } else {
    await write.mergePatch(PROJECT_NETWORKS, name, { spec: { isolation: wanted } });
    ctx.out(`projectnetwork/${name} configured${write.suffix}: isolation ${wanted}\n`);
  }
  const annotated = byName(snapshot.namespaces).get(name)?.metadata?.annotations?.[KS_ANNOTATION_NETWORK_ISOLATE] === 'enabled';
  if (command.name === 'open' && annotated) {
    // KubeSphere's own switch isolates as well; opening the project means turning it off too.
    await write.mergePatch(CORE.namespaces, name, { metadata: { annotations: { [KS_ANNOTATION_NETWORK_ISOLATE]: null } } });
    ctx.out(`namespace/${name} annotation ${KS_ANNOTATION_NETWORK_ISOLATE}=enabled removed${write.suffix}\n`);
  }
  const workspace = graph.workspace(found.value.workspace);
  if (command.name === 'isolate') {
    ctx.err(`${name}: other projects reach it only through ProjectConnections\n`);
  } else if (workspace?.intraWorkspace === 'Deny') {
    ctx.err(`note: workspace ${found.value.workspace} has intraWorkspace Deny, so ${name} still reaches other projects only through ProjectConnections\n`);
  }
  return EXIT.ok;
}

export async function runWorkspace(command: Extract<CliCommand, { name: 'workspace' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  const found = lookupWorkspace(snapshot, command.workspace);
  if (!found.ok) throw notFound(found.message);
  const wsn = byName(snapshot.workspaceNetworks).get(command.workspace);
  if (wsn === undefined) throw new CliError(EXIT.error, `workspace ${command.workspace} has no WorkspaceNetwork yet: ${CONTROLLER_HINT}`);
  const current = workspaceNetworkSchemaDefaults(wsn.spec).intraWorkspace;
  if (current === command.intra) {
    ctx.out(`workspacenetwork/${command.workspace} unchanged: intraWorkspace ${current}\n`);
    return EXIT.ok;
  }
  const write = writerFor(ctx.client, command.dryRun);
  await write.mergePatch(WORKSPACE_NETWORKS, command.workspace, { spec: { intraWorkspace: command.intra } });
  ctx.out(`workspacenetwork/${command.workspace} configured${write.suffix}: intraWorkspace ${command.intra} (was ${current})\n`);
  return EXIT.ok;
}

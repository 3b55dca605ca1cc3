// `connect FROM TO [--one-way] [--port P]...` and `disconnect A B`
import { projectConnectionSpecWithDefaults } from '../../api/project-connection.js';
import { PROJECT_CONNECTIONS } from '../../api/resources.js';
import { isNotFound } from '../../kube/api-error.js';
import { allowanceBetween } from '../../policy/index.js';
import type { CliCommand } from '../cli-command.js';
import { connectionName, describeConnection, desiredConnection, sameConnection } from '../connection-spec.js';
import { EXIT, notFound } from '../exit-codes.js';
import { lookupProject } from '../lookup.js';
import { connectivityInputOf, snapshotGraph } from '../model-input.js';
import type { ProjectConnectionObject } from '../snapshot.js';
import { writerFor } from '../writes.js';
import type { CommandContext, CommandResult } from './context.js';

export async function runConnect(command: Extract<CliCommand, { name: 'connect' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  const graph = snapshotGraph(snapshot);
  for (const name of [command.from, command.to]) {
    const found = lookupProject(graph, snapshot, name);
    if (!found.ok) throw notFound(found.message);
  }
  const desired = desiredConnection(command);
  const name = connectionName(command.from, command.to);
  const live = snapshot.connections.find((c) => c.metadata.name === name);
  if (live !== undefined && live.metadata.deletionTimestamp === undefined && sameConnection(live.spec, desired.spec)) {
    ctx.out(`projectconnection/${name} unchanged: ${describeConnection(desired.spec)}\n`);
    return EXIT.ok;
  }
  const before = allowanceBetween(connectivityInputOf(graph, snapshot.settings), { namespace: command.from }, { namespace: command.to });
  const write = writerFor(ctx.client, command.dryRun);
  await write.apply(PROJECT_CONNECTIONS, desired);
  ctx.out(`projectconnection/${name} ${live === undefined ? 'created' : 'configured'}${write.suffix}: ${describeConnection(desired.spec)}\n`);
  if (before.kind === 'all') {
    ctx.err(`note: ${command.from} already reaches ${command.to} through its workspace; the connection keeps them connected if that changes\n`);
  }
  return EXIT.ok;
}

function links(c: ProjectConnectionObject, a: string, b: string): boolean {
  const spec = projectConnectionSpecWithDefaults(c.spec);
  return (spec.from.project === a && spec.to.project === b) || (spec.from.project === b && spec.to.project === a);
}

export async function runDisconnect(command: Extract<CliCommand, { name: 'disconnect' }>, ctx: CommandContext): CommandResult {
  const snapshot = await ctx.snapshot();
  const graph = snapshotGraph(snapshot);
  const write = writerFor(ctx.client, command.dryRun);
  const matches = snapshot.connections.filter((c) => c.metadata.deletionTimestamp === undefined && links(c, command.a, command.b));
  if (matches.length === 0) {
    for (const name of [command.a, command.b]) {
      const found = lookupProject(graph, snapshot, name);
      if (!found.ok) throw notFound(found.message);
    }
    throw notFound(`no ProjectConnection links ${command.a} and ${command.b}`);
  }
  for (const c of matches) {
    const name = c.metadata.name ?? '';
    try {
      await write.delete(PROJECT_CONNECTIONS, name, c.metadata.uid);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    ctx.out(`projectconnection/${name} deleted${write.suffix}\n`);
  }
  // What is left between the two, by the model, without the deleted connections.
  const deleted = new Set(matches.map((c) => c.metadata.name));
  const remaining = { ...snapshot, connections: snapshot.connections.filter((c) => !deleted.has(c.metadata.name)) };
  const input = connectivityInputOf(snapshotGraph(remaining), remaining.settings);
  const still = [allowanceBetween(input, { namespace: command.a }, { namespace: command.b }), allowanceBetween(input, { namespace: command.b }, { namespace: command.a })];
  if (still.some((a) => a.kind !== 'none')) {
    const ws = graph.project(command.a)?.workspace;
    const why = ws !== undefined && ws === graph.project(command.b)?.workspace ? `they share workspace ${ws}, whose intraWorkspace is Allow` : 'other rules allow it';
    ctx.err(`note: ${command.a} and ${command.b} can still reach each other: ${why}\n`);
  }
  return EXIT.ok;
}

// A ProjectConnection object as the connectivity model sees it.
import { projectConnectionSpecWithDefaults, type ProjectConnectionSpec } from '../api/project-connection.js';
import type { ConnectionModel } from '../policy/index.js';
import { isDeleting, type MetaObject } from './objects.js';

export type ProjectConnectionLike = MetaObject & { readonly spec: ProjectConnectionSpec };

/** Undefined for a connection being deleted and for one from a project to itself (it allows nothing new). */
export function connectionModelOf(connection: ProjectConnectionLike): ConnectionModel | undefined {
  if (isDeleting(connection)) return undefined;
  const spec = projectConnectionSpecWithDefaults(connection.spec);
  if (spec.from.project === spec.to.project) return undefined;
  return {
    name: connection.metadata?.name ?? '',
    from: spec.from.project,
    to: spec.to.project,
    bidirectional: spec.bidirectional,
    ...(spec.ports === undefined ? {} : { ports: spec.ports }),
  };
}

// Tag actions, all synchronous: CreateTag, DescribeTags, AttachTags, DetachTags.

import type { SimTag, TagPair } from '../model.js';
import { fail, paginate, type SimParams } from '../sim-params.js';
import type { World } from '../world.js';
import type { Handler } from './context.js';

const MAX_TAG_NAME = 15;

export const createTag: Handler = ({ world, params }) => {
  const name = params.required('tag_name');
  if (name.length > MAX_TAG_NAME) throw fail(1100, `InvalidParameter, tag_name [${name}] is longer than ${MAX_TAG_NAME} characters`);
  if ([...world.tags.values()].some((t) => t.tag_name === name)) {
    throw fail(2110, `ResourceAlreadyExists, tag with name [${name}] already exists`);
  }
  world.assertQuota('tag', 1);
  const tag: SimTag = {
    tag_id: world.newId('tag-', 8),
    tag_name: name,
    color: params.str('color') ?? '#9f9bb7',
    description: params.str('description') ?? '',
    createdAtMs: world.now(),
    seq: world.nextSeq(),
  };
  world.tags.set(tag.tag_id, tag);
  return { tag_id: tag.tag_id };
};

export const describeTags: Handler = ({ world, params }) => {
  const ids = params.list('tags');
  const resources = params.list('resources');
  const searchWord = params.str('search_word');
  const verbose = params.int('verbose', 0) === 1;
  const pairsOf = (tagId: string): TagPair[] => [...world.tagPairs.values()].filter((p) => p.tag_id === tagId);
  const matches = [...world.tags.values()]
    .filter((t) => ids.length === 0 || ids.includes(t.tag_id))
    .filter((t) => searchWord === undefined || t.tag_name.includes(searchWord))
    .filter((t) => resources.length === 0 || pairsOf(t.tag_id).some((p) => resources.includes(p.resource_id)))
    .sort((a, b) => b.seq - a.seq);
  const page = paginate(matches, params);
  return {
    tag_set: page.items.map((t) => {
      const pairs = pairsOf(t.tag_id);
      const typeCounts = new Map<string, number>();
      for (const p of pairs) typeCounts.set(p.resource_type, (typeCounts.get(p.resource_type) ?? 0) + 1);
      return {
        tag_id: t.tag_id,
        tag_name: t.tag_name,
        tag_key: '',
        description: t.description,
        color: t.color,
        owner: 'usr-simulator',
        create_time: world.iso(t.createdAtMs),
        resource_count: pairs.length,
        resource_type_count: [...typeCounts].map(([resource_type, count]) => ({ resource_type, count })),
        ...(verbose ? { resource_tag_pairs: pairs.map((p) => ({ ...p, status: 'active' })) } : {}),
      };
    }),
    total_count: page.total_count,
  };
};

function readPairs(world: World, params: SimParams): TagPair[] {
  const items = params.structList('resource_tag_pairs');
  if (items.length === 0) throw fail(1100, 'MissingParameter, the parameter [resource_tag_pairs] is required');
  return items.map((item) => {
    const { tag_id: tagId, resource_type: resourceType, resource_id: resourceId } = item;
    if (tagId === undefined || resourceType === undefined || resourceId === undefined) {
      throw fail(1100, 'InvalidParameter, each resource_tag_pair needs tag_id, resource_type and resource_id');
    }
    if (!world.tags.has(tagId)) throw fail(2100, `ResourceNotFound, resource [${tagId}] not found`);
    const exists =
      (resourceType === 'router' && world.routers.get(resourceId)?.status !== undefined && world.routers.get(resourceId)?.status !== 'ceased') ||
      (resourceType === 'vxnet' && world.vxnets.has(resourceId));
    if (!exists) throw fail(2100, `ResourceNotFound, resource [${resourceId}] of type [${resourceType}] not found`);
    return { tag_id: tagId, resource_type: resourceType, resource_id: resourceId };
  });
}

const pairKey = (p: TagPair): string => `${p.tag_id}|${p.resource_type}|${p.resource_id}`;

export const attachTags: Handler = ({ world, params }) => {
  for (const pair of readPairs(world, params)) world.tagPairs.set(pairKey(pair), pair);
  return {};
};

export const detachTags: Handler = ({ world, params }) => {
  for (const item of params.structList('resource_tag_pairs')) {
    const { tag_id: tagId, resource_type: resourceType, resource_id: resourceId } = item;
    if (tagId === undefined || resourceType === undefined || resourceId === undefined) {
      throw fail(1100, 'InvalidParameter, each resource_tag_pair needs tag_id, resource_type and resource_id');
    }
    world.tagPairs.delete(pairKey({ tag_id: tagId, resource_type: resourceType, resource_id: resourceId }));
  }
  return {};
};

// Standard metav1.Condition handling, pure. lastTransitionTime changes only when the status does,
// so re-asserting the same condition writes nothing.
import type { Condition, ConditionStatus } from '../api/conditions.js';

export interface ConditionInput {
  readonly type: string;
  readonly status: ConditionStatus;
  readonly reason: string;
  readonly message: string;
}

/** Condition messages are capped (the schema allows 32 KiB; keep status small). */
const MAX_MESSAGE = 1024;

/** Kubernetes Time: RFC 3339 in seconds. */
function kubeTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Returns the new conditions list; the input is not modified. Sorted by type for stable output. */
export function setCondition(conditions: readonly Condition[] | undefined, input: ConditionInput, generation: number | undefined, now: Date): Condition[] {
  const existing = conditions?.find((c) => c.type === input.type);
  const message = input.message.length > MAX_MESSAGE ? `${input.message.slice(0, MAX_MESSAGE - 1)}…` : input.message;
  const next: Condition = {
    type: input.type,
    status: input.status,
    reason: input.reason,
    message,
    ...(generation === undefined ? {} : { observedGeneration: generation }),
    lastTransitionTime: existing !== undefined && existing.status === input.status ? existing.lastTransitionTime : kubeTime(now),
  };
  const others = (conditions ?? []).filter((c) => c.type !== input.type);
  return [...others, next].sort((a, b) => a.type.localeCompare(b.type));
}

export function setConditions(conditions: readonly Condition[] | undefined, inputs: readonly ConditionInput[], generation: number | undefined, now: Date): Condition[] {
  let result = [...(conditions ?? [])];
  for (const input of inputs) result = setCondition(result, input, generation, now);
  return result;
}

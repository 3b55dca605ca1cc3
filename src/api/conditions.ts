// Standard metav1.Condition (same fields, patterns and bounds as upstream), kept as a map list keyed
// on `type` so server-side apply merges conditions of different owners instead of replacing them.
import { array, integer, object, optional, required, string, stringEnum, type Infer } from './schema/builder.js';

const CONDITION_TYPE_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';
const CONDITION_REASON_PATTERN = '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$';

export const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;

export const conditionSchema = object(
  {
    type: required(string({ description: 'Type of condition in CamelCase, e.g. Ready.', maxLength: 316, pattern: CONDITION_TYPE_PATTERN })),
    status: required(stringEnum(CONDITION_STATUSES, { description: 'Status of the condition: True, False or Unknown.' })),
    observedGeneration: optional(
      integer({ description: 'The .metadata.generation the condition was set for.', format: 'int64', minimum: 0 }),
    ),
    lastTransitionTime: required(string({ description: 'When the condition last changed status.', format: 'date-time' })),
    reason: required(
      string({
        description: 'Programmatic identifier of the reason for the last transition, in CamelCase.',
        minLength: 1,
        maxLength: 1024,
        pattern: CONDITION_REASON_PATTERN,
      }),
    ),
    message: required(string({ description: 'Human-readable details about the transition; may be empty.', maxLength: 32768 })),
  },
  { description: 'One aspect of the current state of this object.' },
);

export const conditionsSchema = array(conditionSchema, {
  description: 'Current state of this object; Ready always exists once the controller has seen it.',
  listType: 'map',
  listMapKeys: ['type'],
  maxItems: 16,
});

export type Condition = Infer<typeof conditionSchema>;
export type ConditionStatus = Condition['status'];

/** Condition types the controllers set (docs/api-reference.md). */
export const CONDITION_READY = 'Ready';
export const CONDITION_VPC_PROVISIONED = 'VPCProvisioned';
export const CONDITION_SUBNET_PROVISIONED = 'SubnetProvisioned';
export const CONDITION_POLICY_APPLIED = 'PolicyApplied';
export const CONDITION_DEGRADED = 'Degraded';

// The one-word summary in `status.phase` of every kind; conditions carry the details.
import { stringEnum } from './schema/builder.js';

export const PHASES = ['Pending', 'Provisioning', 'Ready', 'Failed', 'Deleting'] as const;

export type Phase = (typeof PHASES)[number];

export const phaseSchema = stringEnum(PHASES, {
  description:
    'Summary of the conditions: Pending (not handled yet), Provisioning (work in progress), Ready, ' +
    'Failed (needs attention; see the Ready condition) or Deleting.',
});

// What every action handler receives.

import type { SimParams } from '../sim-params.js';
import type { World } from '../world.js';

export interface HandlerContext {
  readonly world: World;
  readonly params: SimParams;
  /** Fault injection asked for this call's job to end `failed`. */
  readonly failJob: boolean;
}

export type Handler = (ctx: HandlerContext) => Record<string, unknown>;

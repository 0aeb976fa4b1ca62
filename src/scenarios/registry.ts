import type { Scenario } from './scenario.js';

/** Every scenario `polis run` knows, in the order `polis list` shows them. */
export const scenarios: readonly Scenario[] = [
  // @polis:scenarios
] as unknown as readonly Scenario[];

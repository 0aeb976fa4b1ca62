import { byzantine } from './byzantine.js';
import { chaos } from './chaos.js';
import { ipd } from './ipd.js';
import { market } from './market.js';
import type { Scenario } from './scenario.js';
import { shutdown } from './shutdown.js';
import { signals } from './signals.js';
import { temperature } from './temperature.js';

/** Every scenario `polis run` knows, in the order `polis list` shows them. */
export const scenarios: readonly Scenario[] = [market, chaos, shutdown, temperature, byzantine, ipd, signals];

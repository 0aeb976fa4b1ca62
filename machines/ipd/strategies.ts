import { cooperator } from './cooperator.js';
import { defector } from './defector.js';
import { grudger } from './grudger.js';
import { joss } from './joss.js';
import { pavlov } from './pavlov.js';
import { randomPlayer } from './random-player.js';
import { titForTat } from './tit-for-tat.js';
import { titForTwoTats } from './tit-for-two-tats.js';

/**
 * The strategy machines by name.
 *
 * @example
 * for (const name of ['TitForTat', 'Defector'] as const) system.spawn(IPD_STRATEGIES[name], { id: name });
 */
export const IPD_STRATEGIES = {
  Cooperator: cooperator,
  Defector: defector,
  TitForTat: titForTat,
  TitForTwoTats: titForTwoTats,
  Grudger: grudger,
  Pavlov: pavlov,
  Random: randomPlayer,
  Joss: joss,
} as const;

export type IpdStrategyName = keyof typeof IPD_STRATEGIES;

/** Every strategy name, in the order above. */
export const IPD_STRATEGY_NAMES = Object.keys(IPD_STRATEGIES) as IpdStrategyName[];

import type { ChaosFaultName } from '../../protocol/supervision-content.js';
import { byzantine } from './byzantine.js';
import { clockSkew } from './clock-skew.js';
import { corrupt } from './corrupt.js';
import { deepNesting } from './deep-nesting.js';
import { delay } from './delay.js';
import { drop } from './drop.js';
import { duplicate } from './duplicate.js';
import type { ChaosFault } from './fault.js';
import { kill } from './kill.js';
import { malformed } from './malformed.js';
import { oversized } from './oversized.js';
import { partition } from './partition.js';
import { reorder } from './reorder.js';
import { starve } from './starve.js';
import { sybil } from './sybil.js';
import { throwFault } from './throw.js';

/**
 * Every fault the chaos monkey knows, by name.
 *
 * @example
 * chaosFaults.partition.summary // 'cuts a set of agents off from the rest'
 */
export const chaosFaults: Readonly<Record<ChaosFaultName, ChaosFault>> = {
  kill,
  throw: throwFault,
  drop,
  delay,
  duplicate,
  reorder,
  corrupt,
  partition,
  byzantine,
  sybil,
  starve,
  'clock-skew': clockSkew,
  malformed,
  oversized,
  'deep-nesting': deepNesting,
};

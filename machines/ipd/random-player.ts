import { ipdPlayer, playerContext } from './ipd-player.js';

/**
 * Cooperates or defects at random (50/50 unless `defectProbability` says otherwise), from its seed.
 *
 * @example
 * system.spawn(randomPlayer, { id: 'Random', input: { defectProbability: 0.5 } });
 */
export const randomPlayer = ipdPlayer.createMachine({
  id: 'Random',
  context: playerContext,
  initial: 'flipping',
  states: {
    flipping: {
      description: 'Each move is a coin flip.',
      on: { request: { actions: { type: 'gamble', params: { probability: 0.5 } } } },
    },
  },
});

import { ipdPlayer, playerContext } from './ipd-player.js';

/**
 * Tit for tat with a sneaky streak: when it would cooperate, it defects 10% of the time instead.
 *
 * @example
 * system.spawn(joss, { id: 'Joss' });
 */
export const joss = ipdPlayer.createMachine({
  id: 'Joss',
  context: playerContext,
  initial: 'nice',
  states: {
    nice: { description: 'The opponent cooperated last: cooperate, but defect one time in ten.' },
    retaliating: { description: 'The opponent defected last: defect.' },
  },
  on: {
    request: [
      { guard: 'opponentDefected', target: '.retaliating', actions: 'defect' },
      { target: '.nice', actions: { type: 'gamble', params: { probability: 0.1 } } },
    ],
  },
});

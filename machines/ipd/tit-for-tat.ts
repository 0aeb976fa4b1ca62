import { ipdPlayer, playerContext } from './ipd-player.js';

/**
 * Cooperates first, then does what the opponent did last.
 *
 * @example
 * system.spawn(titForTat, { id: 'TitForTat' });
 */
export const titForTat = ipdPlayer.createMachine({
  id: 'TitForTat',
  context: playerContext,
  initial: 'nice',
  states: {
    nice: { description: 'First move, or the opponent cooperated last: cooperate.' },
    retaliating: { description: 'The opponent defected last: defect.' },
  },
  on: {
    request: [
      { guard: 'opponentDefected', target: '.retaliating', actions: 'defect' },
      { target: '.nice', actions: 'cooperate' },
    ],
  },
});

import { ipdPlayer, playerContext } from './ipd-player.js';

/**
 * Cooperates until the opponent defects once, then defects for the rest of the match.
 *
 * @example
 * system.spawn(grudger, { id: 'Grudger' });
 */
export const grudger = ipdPlayer.createMachine({
  id: 'Grudger',
  context: playerContext,
  initial: 'forgiving',
  states: {
    forgiving: {
      description: 'The opponent has not defected in this match: cooperate.',
      on: {
        request: [
          { guard: 'opponentDefected', target: 'grudging', actions: 'defect' },
          { actions: 'cooperate' },
        ],
      },
    },
    grudging: {
      description: 'The opponent defected once: defect until a new match begins.',
      on: {
        request: [{ guard: 'matchStarts', target: 'forgiving', actions: 'cooperate' }, { actions: 'defect' }],
      },
    },
  },
});

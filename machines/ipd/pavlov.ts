import { ipdPlayer, playerContext } from './ipd-player.js';

/**
 * Win-stay, lose-shift: repeats its last move after a good payoff (the opponent cooperated: R or T) and
 * switches after a bad one (the opponent defected: S or P). Starts by cooperating.
 *
 * @example
 * system.spawn(pavlov, { id: 'Pavlov' });
 */
export const pavlov = ipdPlayer.createMachine({
  id: 'Pavlov',
  context: playerContext,
  initial: 'cooperating',
  states: {
    cooperating: {
      description: 'Last move was C (or the match is new).',
      on: {
        request: [
          { guard: 'opponentDefected', target: 'defecting', actions: 'defect' },
          { actions: 'cooperate' },
        ],
      },
    },
    defecting: {
      description: 'Last move was D.',
      on: {
        request: [
          { guard: 'matchStarts', target: 'cooperating', actions: 'cooperate' },
          { guard: 'opponentCooperated', actions: 'defect' },
          { target: 'cooperating', actions: 'cooperate' },
        ],
      },
    },
  },
});

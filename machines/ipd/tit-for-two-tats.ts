import { ipdPlayer, playerContext } from './ipd-player.js';

/**
 * Tit for tat that forgives one defection: it defects only after two defections in a row.
 *
 * @example
 * system.spawn(titForTwoTats, { id: 'TitForTwoTats' });
 */
export const titForTwoTats = ipdPlayer.createMachine({
  id: 'TitForTwoTats',
  context: playerContext,
  initial: 'calm',
  states: {
    calm: {
      description: 'The opponent cooperated last (or the match is new): cooperate.',
      on: {
        request: [
          { guard: 'opponentDefected', target: 'wary', actions: 'cooperate' },
          { actions: 'cooperate' },
        ],
      },
    },
    wary: {
      description: 'One defection: still cooperate, but a second one in a row means retaliation.',
      on: {
        request: [
          { guard: 'opponentDefected', target: 'retaliating', actions: 'defect' },
          { target: 'calm', actions: 'cooperate' },
        ],
      },
    },
    retaliating: {
      description: 'Two or more defections in a row: defect until the opponent cooperates.',
      on: {
        request: [
          { guard: 'opponentDefected', actions: 'defect' },
          { target: 'calm', actions: 'cooperate' },
        ],
      },
    },
  },
});

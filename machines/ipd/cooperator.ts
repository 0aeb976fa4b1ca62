import { ipdPlayer, playerContext } from './ipd-player.js';

/**
 * Always cooperates.
 *
 * @example
 * system.spawn(cooperator, { id: 'Cooperator' });
 */
export const cooperator = ipdPlayer.createMachine({
  id: 'Cooperator',
  context: playerContext,
  initial: 'cooperating',
  states: {
    cooperating: { description: 'Cooperates, whatever happens.', on: { request: { actions: 'cooperate' } } },
  },
});

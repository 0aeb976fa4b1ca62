import { ipdPlayer, playerContext } from './ipd-player.js';

/**
 * Always defects.
 *
 * @example
 * system.spawn(defector, { id: 'Defector' });
 */
export const defector = ipdPlayer.createMachine({
  id: 'Defector',
  context: playerContext,
  initial: 'defecting',
  states: {
    defecting: { description: 'Defects, whatever happens.', on: { request: { actions: 'defect' } } },
  },
});

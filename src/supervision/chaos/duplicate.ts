import { messageFault } from './message-fault.js';

/**
 * Delivers a share of the messages to and from the targets twice, with the same id, as an at-least-once
 * network may. Agents must be idempotent or notice.
 *
 * @example
 * chaosFaults.duplicate.apply(context)
 */
export const duplicate = messageFault(
  'duplicate',
  'delivers a share of the messages to and from an agent twice',
  (envelope) => ({ replace: [envelope, envelope] }),
);

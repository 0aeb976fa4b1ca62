import type { InspectionEvent } from 'xstate';
import type { Bus } from '../bus/bus.js';
import type { Clock } from '../bus/clock.js';
import type { AgentId } from '../protocol/ids.js';
import type { LifecycleContent } from '../protocol/lifecycle-content.js';
import type { Message } from '../protocol/outbound.js';

/** What a hosted agent or service needs from its system: the narrow seam between them. */
export interface HostServices {
  readonly bus: Bus;
  /** The system clock with callbacks batched, for actors' delays. */
  readonly actorClock: Clock;
  readonly inspect: ((event: InspectionEvent) => void) | undefined;
  /** Stamps `message` as sent by `sender` and publishes it. */
  send(sender: AgentId, message: Message): void;
  /** Records a lifecycle event and publishes it on the lifecycle topic. */
  lifecycle(event: Omit<LifecycleContent, 'kind'>): void;
}

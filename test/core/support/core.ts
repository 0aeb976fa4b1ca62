/**
 * The core's public names (protocol, bus, runtime, transport), imported from the core itself, so these
 * tests depend on nothing built on top of it. `public-api.test.ts` checks that `src/index.ts` exports
 * the very same values.
 */
export { Bus, type Delivery } from '../../../src/bus/bus.js';
export { type BusStats, conservationHolds } from '../../../src/bus/bus-stats.js';
export type { DeadLetter, DeadLetterReason, Refusal } from '../../../src/bus/dead-letter.js';
export { PASS } from '../../../src/bus/interceptor.js';
export { Mailbox, type MailboxKind } from '../../../src/bus/mailbox.js';
export { RequestTimeoutError, RequestUndeliverableError } from '../../../src/bus/request-errors.js';
export type { AgentInput } from '../../../src/protocol/agent-identity.js';
export { decodeEnvelope, decodeEnvelopeJson } from '../../../src/protocol/decode.js';
export { type Decoded, DecodeError, type Problem } from '../../../src/protocol/decode-error.js';
export { DIRECTORY, type DirectoryAnswer } from '../../../src/protocol/directory-content.js';
export type { Envelope, Inbound } from '../../../src/protocol/envelope.js';
export { idProblem, isId, MAX_ID_LENGTH } from '../../../src/protocol/ids.js';
export { LIFECYCLE_TOPIC } from '../../../src/protocol/lifecycle-content.js';
export { DEFAULT_LIMITS } from '../../../src/protocol/limits.js';
export { type Message, type Outbound, outbound, reply, SEND } from '../../../src/protocol/outbound.js';
export { PERFORMATIVES, type Performative } from '../../../src/protocol/performatives.js';
export { polisContents } from '../../../src/protocol/polis-contents.js';
export { PolisError } from '../../../src/protocol/polis-error.js';
export { PRIORITIES, type Priority } from '../../../src/protocol/priority.js';
export { nextRandom, seedFrom } from '../../../src/protocol/random.js';
export { type Agent, snapshotOf } from '../../../src/runtime/agent.js';
export { NotSimulatedError, SpawnError, UnknownAgentError } from '../../../src/runtime/runtime-errors.js';
export {
  type AgentSystem,
  createSystem,
  type LifecycleRecord,
  type SystemOptions,
} from '../../../src/runtime/system.js';
export { VirtualClock } from '../../../src/runtime/virtual-clock.js';
export { InMemoryNetwork } from '../../../src/transport/in-memory-network.js';

/**
 * Polis: multi-agent systems in which every agent is an XState v5 actor. This file is the whole public
 * API; nothing else is imported by users.
 */

// The fabric
export { Bus, type BusOptions, type Delivery } from './bus/bus.js';
export { type BusStats, conservationHolds } from './bus/bus-stats.js';
export type { Clock } from './bus/clock.js';
export type { DeadLetter, DeadLetterReason, Refusal } from './bus/dead-letter.js';
export { type Interceptor, PASS, type Verdict } from './bus/interceptor.js';
export { Mailbox, type MailboxKind } from './bus/mailbox.js';
export { RequestTimeoutError, RequestUndeliverableError } from './bus/request-errors.js';
export type { Forwarded, Transport, TransportLink, TransportNode } from './bus/transport.js';
// The message contract
export type { AgentIdentity, AgentInput } from './protocol/agent-identity.js';
export type { Content, ContentRegistry, KindSchema } from './protocol/content.js';
export { contentRegistry } from './protocol/content.js';
export * from './protocol/contract-net-content.js';
export { type DecodeOptions, decodeEnvelope, decodeEnvelopeJson } from './protocol/decode.js';
export { type Decoded, DecodeError, type Problem } from './protocol/decode-error.js';
export * from './protocol/directory-content.js';
export { type Envelope, EnvelopeSchema, type Inbound } from './protocol/envelope.js';
export { EnvelopeEvent, toEnvelopeEvent } from './protocol/envelope-event.js';
export { type AgentId, idProblem, isId, MAX_ID_LENGTH } from './protocol/ids.js';
export * from './protocol/lifecycle-content.js';
export { DEFAULT_LIMITS, type Limits, limitProblems } from './protocol/limits.js';
export { type Message, type Outbound, outbound, reply, SEND, send } from './protocol/outbound.js';
export { isPerformative, PERFORMATIVES, type Performative } from './protocol/performatives.js';
export { polisContentSchemas, polisContents } from './protocol/polis-contents.js';
export { PolisError } from './protocol/polis-error.js';
export { PRIORITIES, type Priority } from './protocol/priority.js';
export { createRng, nextRandom, type Rng, seedFrom } from './protocol/random.js';
export {
  BROADCAST,
  type Receiver,
  type ReceiverKind,
  receiverKind,
  topic,
  topicName,
} from './protocol/receiver.js';

// The runtime
export { type Agent, persistedSnapshotOf, snapshotOf } from './runtime/agent.js';
export type { AgentStatus } from './runtime/agent-host.js';
export { Directory } from './runtime/directory.js';
export { Endpoint } from './runtime/endpoint.js';
export { realClock } from './runtime/real-clock.js';
export { NotSimulatedError, SpawnError, UnknownAgentError } from './runtime/runtime-errors.js';
export {
  AgentSystem,
  createSystem,
  type LifecycleRecord,
  type RunReport,
  type SpawnOptions,
  type SystemOptions,
} from './runtime/system.js';
export { VirtualClock } from './runtime/virtual-clock.js';

// Transports
export { InMemoryNetwork } from './transport/in-memory-network.js';

// Agents (machines/)
// @polis:agents

// Supervision and safety
// @polis:supervision

// Reputation, consensus and conflict resolution
// @polis:trust

// Inspection
// @polis:inspect

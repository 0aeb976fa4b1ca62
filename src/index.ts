/**
 * Polis: multi-agent systems in which every agent is an XState v5 actor. This file is the whole public
 * API; nothing else is imported by users.
 */

// The fabric
export { Bus, type BusOptions, type Delivery } from './bus/bus.js';
export { type BusStats, conservationHolds } from './bus/bus-stats.js';
export type { Clock } from './bus/clock.js';
export type { DeadLetter, DeadLetterReason, Refusal } from './bus/dead-letter.js';
export { type Gate, type GateVerdict, type Interceptor, PASS, type Verdict } from './bus/interceptor.js';
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
export {
  type Message,
  type Outbound,
  outbound,
  type ReplyAddress,
  reply,
  replyAddress,
  SEND,
  send,
} from './protocol/outbound.js';
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
export {
  type AwardRule,
  byPriceThenEta,
  cheapestWithinBudget,
  type Proposal,
} from '../machines/award-rules.js';
export {
  type BidderContext,
  type BidderEvent,
  type BidderInput,
  type BidderOptions,
  contractNetBidder,
  defaultQuote,
  type Job,
  type Offer,
  type Quote,
  type QuoteRequest,
  quoteWith,
} from '../machines/contract-net-bidder.js';
export {
  awardWith,
  type ContractFailure,
  contractNetInitiator,
  type InitiatorContext,
  type InitiatorEvent,
  type InitiatorInput,
  type InitiatorOptions,
} from '../machines/contract-net-initiator.js';
export { AgentDefinitionError } from '../machines/agent-definition-error.js';
export {
  BDI_RESUME,
  type BdiAgentMachine,
  type BdiAgentOptions,
  type BdiInput,
  type BdiSignal,
  bdiAgent,
  type OnGoalEnd,
  type Perceive,
} from '../machines/bdi-agent.js';
export type {
  BdiContext,
  Desire,
  GoalDefinition,
  GoalEnd,
  GoalLibrary,
  GoalName,
  GoalOutcome,
  GoalRef,
  GoalSignatures,
  IntentionFrame,
  Perception,
  Plan,
  PlanFailureRecord,
  PlanFor,
  Step,
  StepResult,
  StepSituation,
} from '../machines/bdi/bdi-types.js';
export { PlanFailure } from '../machines/bdi/plan-failure.js';
export { goalId } from '../machines/bdi/plan-library.js';
export type { Random } from '../machines/random-draws.js';
export {
  AGENT_CONTROL,
  type AgentControl,
  type AgentStateReport,
  type ControlCommand,
  type ControlRequest,
  controlMessage,
  isControl,
} from '../machines/reactive/agent-control.js';
export type { ReactiveContext, ReactiveEvent } from '../machines/reactive/reactive-context.js';
export {
  type RuleAction,
  type RuleGuard,
  type RuleImplementations,
  ruleImplementations,
} from '../machines/reactive/rule-implementations.js';
export {
  type ReactiveRule,
  type RuleBody,
  type RuleEffect,
  type RuleKey,
  type RuleSituation,
  ruleKey,
} from '../machines/reactive/rules.js';
export {
  type ReactiveAgentMachine,
  type ReactiveAgentOptions,
  type ReactiveInput,
  reactiveAgent,
} from '../machines/reactive-agent.js';

// Supervision and safety
export {
  type ByzantineBidderEvent,
  type ByzantineBidderOptions,
  byzantineBidder,
} from '../machines/byzantine-bidder.js';
export { type ChaosPolicyContext, type ChaosPolicyInput, chaosPolicy } from '../machines/chaos-policy.js';
export { type ChatterContext, type ChatterOptions, chatter, type Saying } from '../machines/chatter.js';
export {
  backoffDelay,
  baseBackoff,
  exceedsIntensity,
  type RestartPlan,
  restartPlan,
  restartsWithin,
  shouldRestart,
} from '../machines/restart-strategy.js';
export {
  type PendingRestart,
  restartCommandOf,
  type SupervisorContext,
  type SupervisorMachine,
  supervisor,
} from '../machines/supervisor.js';
export { type EndorsementClaim, type SybilEvent, type SybilOptions, sybil } from '../machines/sybil.js';
export * from './protocol/supervision-content.js';
export { type AgentBudget, type BudgetPolicy, type BudgetResource, budgetOf } from './supervision/budgets.js';
export { chaosFaults } from './supervision/chaos/catalog.js';
export {
  type ChaosObserverOptions,
  ChaosObserver,
  type FaultOutcome,
  type FaultSignals,
} from './supervision/chaos/chaos-observer.js';
export {
  type ChaosLogEntry,
  ChaosRunner,
  type ChaosRunnerOptions,
} from './supervision/chaos/chaos-runner.js';
export {
  type BlastRadius,
  type ChaosScheduleOptions,
  chaosSchedule,
} from './supervision/chaos/chaos-schedule.js';
export { type Corruption, corruptText } from './supervision/chaos/corrupt.js';
export {
  type ActiveFault,
  type ChaosFault,
  type ChaosSettings,
  DEFAULT_CHAOS_SETTINGS,
  type FaultContext,
} from './supervision/chaos/fault.js';
export { deeplyNestedPayloads, malformedPayloads, oversizedPayloads } from './supervision/chaos/payloads.js';
export { type IngressRefusal, UntrustedIngress } from './supervision/chaos/untrusted-ingress.js';
export {
  type CircuitCause,
  CircuitBreakers,
  type CircuitOptions,
  type OpenCircuit,
} from './supervision/circuit-breaker.js';
export { type Coalition, type CoalitionOptions, findCoalitions } from './supervision/coalitions.js';
export {
  EmergencyStop,
  type HaltReport,
  type ResumeRecord,
  SUPERVISION_ID,
} from './supervision/emergency-stop.js';
export { type Livelock, LivelockDetector, type LivelockOptions } from './supervision/livelock-detector.js';
export { type GuardAction, type GuardOptions, LivelockGuard } from './supervision/livelock-guard.js';
export {
  type BudgetAlarm,
  type BudgetLevel,
  type BudgetUse,
  type MetricSample,
  MetricsSampler,
  type RateAlarm,
  type SamplerOptions,
} from './supervision/metrics-sampler.js';
export {
  decodeSupervisionCommand,
  type SupervisionCommandResult,
  type SupervisionControls,
  runSupervisionCommand,
} from './supervision/supervision-controls.js';
export { envelopeSignature } from './supervision/signature.js';
export {
  InMemorySnapshotStore,
  type SnapshotStore,
  type StoredSnapshot,
} from './supervision/snapshot-store.js';
export {
  type ChaosOptions,
  type GuardRecord,
  Supervision,
  type SupervisionOptions,
  type SupervisionState,
  supervise,
} from './supervision/supervision.js';
export {
  InjectedFault,
  MissingReasonError,
  NotHaltedError,
  OperatorCommandError,
  SupervisionConfigError,
} from './supervision/supervision-errors.js';
export type { RestartedFrom, SupervisionPort } from './supervision/supervision-port.js';
export {
  type AgentChildSpec,
  agentsUnder,
  buildTree,
  DEFAULT_BACKOFF,
  DEFAULT_INTENSITY,
  type SupervisionTree,
  type SupervisorSpec,
  type TreeNode,
} from './supervision/supervision-tree.js';
export {
  type SupervisorDecision,
  SupervisorHost,
  type SupervisorStatus,
} from './supervision/supervisor-host.js';
export {
  type PanelTripwire,
  publishSupervisorPanels,
  type SupervisorPanel,
  type SupervisorPanelData,
  type SupervisorPanelFrame,
  supervisorPanelFrames,
  supervisorPanels,
} from './supervision/supervisor-panels.js';
export { systemPort } from './supervision/system-supervision.js';
export {
  type TripwireFiring,
  type TripwireSpec,
  type TripwireStatus,
  Tripwires,
} from './supervision/tripwires.js';

// Reputation, consensus and conflict resolution
export * from '../machines/conflict-detection.js';
export * from '../machines/conflict-resolution.js';
export * from '../machines/consensus-round.js';
export * from '../machines/consensus-rules.js';
export * from '../machines/consensus-voter.js';
export * from '../machines/faulty-voter.js';
export * from '../machines/ipd/cooperator.js';
export * from '../machines/ipd/defector.js';
export * from '../machines/ipd/grudger.js';
export * from '../machines/ipd/ipd-player.js';
export * from '../machines/ipd/ipd-referee.js';
export * from '../machines/ipd/ipd-rules.js';
export * from '../machines/ipd/joss.js';
export * from '../machines/ipd/pavlov.js';
export * from '../machines/ipd/random-player.js';
export * from '../machines/ipd/strategies.js';
export * from '../machines/ipd/tit-for-tat.js';
export * from '../machines/ipd/tit-for-two-tats.js';
export * from '../machines/leader-election.js';
export * from '../machines/reputation-ledger.js';
export * from '../machines/reputation-model.js';
export * from '../machines/reputation-standing.js';
export * from '../machines/signal-source.js';
export * from '../machines/trust-award.js';
export * from '../machines/trust-errors.js';
export * from './protocol/conflict-content.js';
export * from './protocol/consensus-content.js';
export * from './protocol/election-content.js';
export * from './protocol/ipd-content.js';
export * from './protocol/reputation-content.js';
export * from './protocol/trust-contents.js';

// Inspection
export { type ChartNode, type ChartTransition, chartOf } from './inspect/chart-definition.js';
export { decodeFrames, type Frame, type PanelName } from './inspect/frames.js';
export { type CollectorOptions, type FrameSink, InspectCollector } from './inspect/inspect-collector.js';
export { inspectSupervision } from './inspect/inspect-supervision.js';
export { InspectorBindError, InspectorListenError } from './inspect/inspector-errors.js';
export { type HubOptions, InspectorHub } from './inspect/inspector-hub.js';
export { type InspectorOptions, InspectorServer, startInspector } from './inspect/inspector-server.js';
export { decodeOperatorCommand, OperatorCommand } from './inspect/operator-command.js';
export {
  applyCommand,
  type CommandOutcome,
  type ControlsState,
  HALT_PREFIX,
  type OperatorControls,
  type SystemControlsOptions,
  systemControls,
} from './inspect/operator-controls.js';
export { type PaceOptions, pacedDrive } from './inspect/paced-drive.js';
export { INSPECT_PANEL_TOPIC, isPanelContent, type PanelContent } from './inspect/panel-topic.js';
export {
  connectInspector,
  RemoteInspector,
  type RemoteInspectorOptions,
} from './inspect/remote-inspector.js';

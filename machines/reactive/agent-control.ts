import type { Inbound } from '../../src/protocol/envelope.js';
import type { Message } from '../../src/protocol/outbound.js';
import type { Receiver } from '../../src/protocol/receiver.js';

/** The content kind of an operator's command to an agent. */
export const AGENT_CONTROL = 'agent-control';

/** What an operator can ask an agent to do with its own behaviour. */
export type ControlCommand = 'pause' | 'resume';

const COMMANDS: ReadonlySet<string> = new Set<ControlCommand>(['pause', 'resume']);

/** The content of a `request` that pauses or resumes an agent. */
export interface AgentControl {
  readonly kind: typeof AGENT_CONTROL;
  readonly command: ControlCommand;
}

/** The content of the `inform` an agent answers a control request with: the state it is in now. */
export interface AgentStateReport {
  readonly kind: 'agent-state';
  readonly state: 'active' | 'paused';
}

/** A control request as the agent receives it. */
export type ControlRequest = Inbound<'request', AgentControl>;

/**
 * The message that pauses or resumes an agent that understands `agent-control` (e.g. a reactive agent).
 *
 * @example
 * operator.send(controlMessage('thermostat', 'pause'));
 */
export function controlMessage(receiver: Receiver, command: ControlCommand): Message<AgentControl> {
  return { performative: 'request', receiver, content: { kind: AGENT_CONTROL, command } };
}

/**
 * True when `message` is a control request carrying `command` (any command, known or not, when omitted).
 *
 * @example
 * isControl(event, 'pause') // true for request { kind: 'agent-control', command: 'pause' }
 */
export function isControl(message: Inbound, command?: ControlCommand): message is ControlRequest {
  if (message.type !== 'request' || message.content.kind !== AGENT_CONTROL) return false;
  return command === undefined || (message.content as AgentControl).command === command;
}

/**
 * The command of a control request that is not one an agent knows (sent by code that bypassed the
 * types), or `undefined` for a known one.
 *
 * @example
 * unknownCommand(event) // 'stop' for { kind: 'agent-control', command: 'stop' }
 */
export function unknownCommand(message: ControlRequest): string | undefined {
  const command: unknown = message.content.command;
  return typeof command === 'string' && COMMANDS.has(command) ? undefined : String(command);
}

import { Either, Schema } from 'effect';
import { OperatorCommandContent } from '../protocol/supervision-content.js';
import type { HaltReport, ResumeRecord } from './emergency-stop.js';
import { OperatorCommandError } from './supervision-errors.js';

/**
 * What an operator (a console, the inspector) can do to a supervised system. Agents have no way to reach
 * these: they are method calls, not messages, and the bus is sealed while halted anyway.
 *
 * @example
 * supervision.controls.halt('suspicious spending');
 * supervision.controls.resume('checked: a test load, not an attack');
 */
export interface SupervisionControls {
  /** The kill switch: halts at once. Returns the report, or `undefined` if already halted. */
  halt(reason: string): HaltReport | undefined;
  /** The only way out of a halt. Throws `NotHaltedError` when not halted, `MissingReasonError` without a reason. */
  resume(reason: string): ResumeRecord;
  /** Feeds the dead man's switch. */
  heartbeat(): void;
  /** Switches the chaos policy on or off. Throws `OperatorCommandError` when no chaos schedule is configured. */
  setChaos(enabled: boolean): void;
  /** Runs a command that arrived from outside (e.g. a UI frame), decoding it first; never throws. */
  command(input: unknown): SupervisionCommandResult;
}

/** The outcome of {@link SupervisionControls.command}. */
export type SupervisionCommandResult =
  | { readonly ok: true; readonly command: OperatorCommandContent['command'] }
  | { readonly ok: false; readonly error: Error };

const decodeCommand = Schema.decodeUnknownEither(OperatorCommandContent, {
  errors: 'all',
  onExcessProperty: 'error',
});

/**
 * Decodes an operator command from untrusted input.
 *
 * @example
 * decodeSupervisionCommand({ kind: 'operator-command', command: 'heartbeat' }) // { kind: ..., command: 'heartbeat' }
 */
export function decodeSupervisionCommand(input: unknown): OperatorCommandContent | OperatorCommandError {
  const result = decodeCommand(input);
  if (Either.isLeft(result)) {
    return new OperatorCommandError(
      `an operator command must be { kind: 'operator-command', command: 'halt' | 'resume' | 'heartbeat' | 'chaos', reason?, enabled? }: ${result.left.message}`,
    );
  }
  return result.right;
}

/**
 * Runs a decoded command on `controls`, turning every refusal into a result instead of an exception.
 *
 * @example
 * runSupervisionCommand(controls, frame.data)
 */
export function runSupervisionCommand(
  controls: SupervisionControls,
  input: unknown,
): SupervisionCommandResult {
  const command = decodeSupervisionCommand(input);
  if (command instanceof Error) return { ok: false, error: command };
  try {
    switch (command.command) {
      case 'halt':
        controls.halt(command.reason ?? 'the operator pressed stop');
        break;
      case 'resume':
        controls.resume(command.reason ?? '');
        break;
      case 'heartbeat':
        controls.heartbeat();
        break;
      case 'chaos':
        if (command.enabled === undefined) {
          return { ok: false, error: new OperatorCommandError("'chaos' needs enabled: true or false") };
        }
        controls.setChaos(command.enabled);
        break;
    }
    return { ok: true, command: command.command };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

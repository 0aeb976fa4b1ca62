import { PolisError } from '../protocol/polis-error.js';

/**
 * A supervision tree, budget or tripwire policy that cannot work as declared. Nothing was started.
 *
 * @example
 * try { supervise(system, { tree }) } catch (e) { if (e instanceof SupervisionConfigError) console.error(e.message) }
 */
export class SupervisionConfigError extends PolisError {
  constructor(message: string) {
    super('supervision-config', message);
  }
}

/**
 * `resume` was asked for while the system is not halted.
 *
 * @example
 * if (supervision.halted) supervision.controls.resume('checked'); // avoids NotHaltedError
 */
export class NotHaltedError extends PolisError {
  constructor() {
    super(
      'not-halted',
      'the system is not halted, so there is nothing to resume; check supervision.halted first',
    );
  }
}

/**
 * An operator command that needs a reason came without one.
 *
 * @example
 * supervision.controls.resume(''); // throws MissingReasonError
 */
export class MissingReasonError extends PolisError {
  constructor(readonly command: string) {
    super('reason-required', `'${command}' needs a reason for the record; pass a short sentence saying why`);
  }
}

/**
 * An operator command refused at the trust boundary (bad shape, unknown command).
 *
 * @example
 * const r = supervision.controls.command(frame); if (!r.ok) console.warn(r.error.message);
 */
export class OperatorCommandError extends PolisError {
  constructor(message: string) {
    super('operator-command-refused', message);
  }
}

/**
 * The error a chaos fault makes an agent fail with: recognizably injected, never a real bug.
 *
 * @example
 * system.lifecycle$.subscribe((r) => r.error?.name === 'InjectedFault' && console.log('chaos hit', r.agent));
 */
export class InjectedFault extends PolisError {
  constructor(readonly fault: string) {
    super('injected-fault', `chaos injected this failure (${fault}); a supervisor should restart the agent`);
  }
}

import { PolisError } from '../protocol/polis-error.js';

/**
 * The inspector was asked to listen where other machines could reach it without saying so.
 *
 * @example
 * startInspector({ host: '0.0.0.0' }) // rejects: pass allowRemote: true to mean it
 */
export class InspectorBindError extends PolisError {
  constructor(host: string) {
    super(
      'inspector-bind-refused',
      `the inspector would listen on '${host}', which other machines can reach; it listens on loopback unless you pass allowRemote: true (--allow-remote), and anyone with the token could then halt your system`,
    );
  }
}

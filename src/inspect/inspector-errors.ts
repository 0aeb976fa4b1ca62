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

/**
 * The inspector could not listen where it was asked to: the port is taken, or not ours to use.
 *
 * @example
 * startInspector({ port: 4400 }) // rejects when another program listens on 4400
 */
export class InspectorListenError extends PolisError {
  constructor(host: string, port: number, cause: unknown) {
    const code = (cause as { code?: unknown } | undefined)?.code;
    const why =
      code === 'EADDRINUSE'
        ? `port ${port} is taken by another program`
        : code === 'EACCES'
          ? `port ${port} needs privileges this process lacks`
          : `${cause instanceof Error ? cause.message : String(cause)}`;
    super(
      'inspector-listen-failed',
      `the inspector cannot listen on ${host}:${port}: ${why}; pick another port, or 0 for a free one`,
    );
  }
}

import type { Envelope } from '../protocol/envelope.js';
import { PolisError } from '../protocol/polis-error.js';
import type { DeadLetter } from './dead-letter.js';

/** No reply to a request arrived in time. */
export class RequestTimeoutError extends PolisError {
  constructor(
    readonly request: Envelope,
    readonly timeoutMs: number,
  ) {
    super(
      'request-timeout',
      `no reply from '${request.receiver}' to ${request.performative} ${request.id} within ${timeoutMs} ms; ` +
        'raise the timeout or check that the receiver answers this performative',
    );
  }
}

/** A request could not be delivered at all, so no reply can come. */
export class RequestUndeliverableError extends PolisError {
  constructor(readonly deadLetter: DeadLetter) {
    super(
      'request-undeliverable',
      `request ${deadLetter.envelope.id} to '${deadLetter.envelope.receiver}' was dead-lettered ` +
        `(${deadLetter.reason}: ${deadLetter.detail})`,
    );
  }
}

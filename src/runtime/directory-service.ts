import type { Refusal } from '../bus/dead-letter.js';
import { Mailbox } from '../bus/mailbox.js';
import { DIRECTORY, type DirectoryAnswer } from '../protocol/directory-content.js';
import type { Envelope } from '../protocol/envelope.js';
import { reply } from '../protocol/outbound.js';
import type { Directory } from './directory.js';
import type { HostServices } from './host-services.js';

/**
 * The directory as an agent can reach it: a `query-ref` with `{ kind: 'directory-query', capability }` to
 * `polis.directory` is answered with an `inform` listing the agents that offer it.
 */
export class DirectoryService extends Mailbox {
  readonly kind = 'service';

  constructor(
    private readonly services: HostServices,
    private readonly directory: Directory,
  ) {
    super(DIRECTORY, Number.POSITIVE_INFINITY);
  }

  deliver(envelope: Envelope): Refusal | undefined {
    const content = envelope.content as { kind: string; capability?: unknown };
    if (
      envelope.performative !== 'query-ref' ||
      content.kind !== 'directory-query' ||
      typeof content.capability !== 'string'
    ) {
      const reason = `${DIRECTORY} answers query-ref with content { kind: 'directory-query', capability }`;
      if (envelope.performative !== 'not-understood') {
        this.services.send(this.id, reply(envelope, 'not-understood', { kind: 'reason', reason }));
      }
      return { reason: 'not-understood', detail: reason };
    }
    const answer: DirectoryAnswer = {
      kind: 'directory-answer',
      capability: content.capability,
      agents: this.directory.find(content.capability),
    };
    this.services.send(this.id, reply(envelope, 'inform', answer));
    return undefined;
  }
}

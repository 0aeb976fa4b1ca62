import type { ContentRegistry } from '../../protocol/content.js';
import { decodeEnvelopeJson } from '../../protocol/decode.js';
import type { Decoded } from '../../protocol/decode-error.js';
import type { Envelope } from '../../protocol/envelope.js';
import { DEFAULT_LIMITS, type Limits } from '../../protocol/limits.js';
import { polisContents } from '../../protocol/polis-contents.js';
import type { SupervisionPort } from '../supervision-port.js';

/** A payload the boundary refused, and every problem it had. */
export interface IngressRefusal {
  readonly problems: readonly string[];
}

/**
 * A trust boundary for raw payloads (JSON text or bytes) from outside, such as a socket or another node:
 * each is decoded with the envelope schema, the limits and the content schemas, and only then published.
 * What fails is refused with every problem named and never reaches the bus, let alone an agent.
 *
 * @example
 * const ingress = new UntrustedIngress(port);
 * ingress.accept('{"id": 1}'); // { ok: false, error: DecodeError(...) }
 */
export class UntrustedIngress {
  /** Payloads refused since it was created. */
  refusedCount = 0;
  acceptedCount = 0;
  /** The last refusals (at most 50), newest last. */
  readonly refusals: IngressRefusal[] = [];

  constructor(
    private readonly port: SupervisionPort,
    private readonly contents: ContentRegistry = polisContents,
    private readonly limits: Limits = DEFAULT_LIMITS,
  ) {}

  accept(payload: string | Uint8Array): Decoded<Envelope> {
    const decoded = decodeEnvelopeJson(payload, { contents: this.contents, limits: this.limits });
    if (!decoded.ok) {
      this.refusedCount++;
      this.refusals.push({
        problems: decoded.error.problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`)),
      });
      if (this.refusals.length > 50) this.refusals.shift();
      return decoded;
    }
    this.acceptedCount++;
    this.port.publish(decoded.value);
    return decoded;
  }
}

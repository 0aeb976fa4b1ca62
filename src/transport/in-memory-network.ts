import type { Forwarded, Transport, TransportLink, TransportNode } from '../bus/transport.js';
import { decodeEnvelopeJson } from '../protocol/decode.js';
import type { Envelope } from '../protocol/envelope.js';
import { BROADCAST } from '../protocol/receiver.js';
import { RecentIds } from './recent-ids.js';

interface Member {
  readonly node: TransportNode;
  readonly seen: RecentIds;
}

/**
 * Several systems in one process, joined as if over a network: envelopes travel as JSON, are decoded
 * with the envelope schema on arrival, arrive asynchronously, and are de-duplicated by id. It is the
 * reference for networked transports and lets tests exercise that path without a server.
 *
 * @example
 * const network = new InMemoryNetwork();
 * const a = createSystem({ nodeId: 'a', transport: network.transport() });
 * const b = createSystem({ nodeId: 'b', transport: network.transport() });
 */
export class InMemoryNetwork {
  private readonly members = new Map<string, Member>();
  /** Envelopes refused on arrival because they did not decode. */
  invalid = 0;
  /** Envelopes dropped on arrival because their id was seen before. */
  duplicates = 0;

  transport(): Transport {
    return { attach: (node) => this.join(node) };
  }

  private join(node: TransportNode): TransportLink {
    if (this.members.has(node.nodeId))
      throw new Error(`node '${node.nodeId}' is on this network already; give each system its own nodeId`);
    this.members.set(node.nodeId, { node, seen: new RecentIds() });
    return {
      forward: async (envelope) => {
        const text = JSON.stringify(envelope);
        await Promise.resolve();
        return this.route(node.nodeId, envelope, text);
      },
      close: async () => {
        this.members.delete(node.nodeId);
      },
    };
  }

  /** Hands one serialized envelope to the members it is for, as a network would. */
  private route(from: string, envelope: Envelope, text: string): Forwarded {
    const fanOut = envelope.receiver === BROADCAST || envelope.receiver.startsWith('#');
    let reached = 0;
    for (const [nodeId, member] of this.members) {
      if (nodeId === from || !member.node.accepts(envelope.receiver)) continue;
      const refusal = this.arrive(member, text);
      if (refusal !== undefined && !fanOut) return refusal;
      reached++;
      if (!fanOut) break;
    }
    if (reached > 0 || fanOut) return { ok: true };
    return {
      ok: false,
      reason: 'unknown-receiver',
      detail: `no node on the network hosts '${envelope.receiver}'`,
    };
  }

  private arrive(member: Member, text: string): Forwarded | undefined {
    const decoded = decodeEnvelopeJson(text);
    if (!decoded.ok) {
      this.invalid++;
      return { ok: false, reason: 'invalid', detail: decoded.error.message };
    }
    if (!member.seen.add(decoded.value.id)) {
      this.duplicates++;
      return undefined;
    }
    member.node.receive(decoded.value);
    return undefined;
  }

  /** Delivers the same JSON twice, as an at-least-once network may; the copy must be dropped. */
  redeliver(envelope: Envelope): void {
    const text = JSON.stringify(envelope);
    for (const member of this.members.values()) {
      if (member.node.accepts(envelope.receiver)) this.arrive(member, text);
    }
  }
}

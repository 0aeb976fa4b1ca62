import type { Envelope } from '../protocol/envelope.js';
import type { Refusal } from './dead-letter.js';

/**
 * How envelopes leave this process. The bus delivers locally when it can and hands the rest to the
 * transport: unicasts to agents it does not host, and a copy of every topic or broadcast envelope.
 *
 * A networked implementation serializes envelopes as JSON, decodes what arrives with the envelope schema
 * (a trust boundary), delivers at least once and drops duplicates by envelope id.
 */
export interface Transport {
  /** Joins the network as `node`; envelopes for this node are handed to `node.receive`. */
  attach(node: TransportNode): TransportLink;
}

/** What a transport sees of the bus it serves. */
export interface TransportNode {
  readonly nodeId: string;
  /** True when this node hosts the agent or has subscribers to the topic. */
  accepts(receiver: string): boolean;
  /** An envelope from another node, already decoded and de-duplicated. */
  receive(envelope: Envelope): void;
}

/** The result of handing an envelope to the network: accepted, or refused with a reason. */
export type Forwarded = { readonly ok: true } | ({ readonly ok: false } & Refusal);

export interface TransportLink {
  /** Sends an envelope off this node; settles once the network has taken it or refused it. Never rejects. */
  forward(envelope: Envelope): Promise<Forwarded>;
  /** Leaves the network. */
  close(): Promise<void>;
}

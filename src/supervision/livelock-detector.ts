import type { Envelope } from '../protocol/envelope.js';
import type { AgentId } from '../protocol/ids.js';
import { envelopeSignature } from './signature.js';

export interface LivelockOptions {
  /** The sliding window repeats are counted in (ms). Default 1000. */
  readonly windowMs?: number;
  /** Repeats of the pattern on every link of a loop before it counts as one. Default 32. */
  readonly minRepeats?: number;
  /** Longest loop looked for, in agents. Default 6. */
  readonly maxLoopLength?: number;
  /** Distinct messages a repeating pattern on one link may have. Default 4. */
  readonly patternSize?: number;
  /** Agents never reported (a poller you trust). */
  readonly exempt?: readonly AgentId[];
  /** What makes two messages "the same". Default {@link envelopeSignature}: performative and content. */
  readonly signature?: (envelope: Envelope) => number;
}

/** Two or more agents passing the same messages round and round. */
export interface Livelock {
  /** The agents in loop order: the first sends to the second, …, the last to the first. */
  readonly agents: readonly AgentId[];
  /** Repeats of the pattern counted on the link that closed the loop. */
  readonly repeats: number;
  /** Distinct messages in that link's pattern. */
  readonly patternSize: number;
  readonly at: number;
  /** How long the loop had been repeating on that link (ms; 0 when it spins without time passing). */
  readonly overMs: number;
}

/** One direction of one link: how busy it is, the messages seen lately and how often they came back. */
interface Link {
  readonly pattern: number[];
  /** Messages on the link since `since`. */
  count: number;
  repeats: number;
  since: number;
}

/**
 * Messages a link carries within the window before its pattern is tracked: ordinary request-response
 * traffic never gets there, so it costs a counter, not a hash.
 */
const QUIET_LINK = 8;

/**
 * Spots ping-pong and delegation loops: two or more agents exchanging the same pattern of messages over a
 * sliding window. Each direct message updates its link (sender → receiver): a message already in the
 * link's recent pattern is a repeat; once a link has `minRepeats` repeats, the detector looks for a path of
 * equally hot links from the receiver back to the sender. Traffic whose messages keep changing (new task
 * ids, new prices) never repeats, so it is left alone.
 *
 * @example
 * const detector = new LivelockDetector({ minRepeats: 16 });
 * const loop = detector.observe('a', 'b', envelope, clock.now());
 * if (loop) breakers.open(loop.agents, 'livelock');
 */
export class LivelockDetector {
  private readonly links = new Map<AgentId, Map<AgentId, Link>>();
  private readonly windowMs: number;
  private readonly minRepeats: number;
  private readonly maxLoopLength: number;
  private readonly patternSize: number;
  private readonly exempt: ReadonlySet<AgentId>;
  private readonly signatureOf: (envelope: Envelope) => number;

  constructor(options: LivelockOptions = {}) {
    this.windowMs = options.windowMs ?? 1000;
    this.minRepeats = Math.max(1, options.minRepeats ?? 32);
    this.maxLoopLength = Math.max(2, options.maxLoopLength ?? 6);
    this.patternSize = Math.max(1, options.patternSize ?? 4);
    this.exempt = new Set(options.exempt ?? []);
    this.signatureOf = options.signature ?? envelopeSignature;
  }

  /**
   * Records one direct message, or its signature; returns the loop it closes, if any. The signature of an
   * envelope is only computed once its link is busy.
   */
  observe(sender: AgentId, receiver: AgentId, said: Envelope | number, now: number): Livelock | undefined {
    if (sender === receiver) return undefined;
    let out = this.links.get(sender);
    if (out === undefined) {
      out = new Map();
      this.links.set(sender, out);
    }
    let link = out.get(receiver);
    if (link === undefined) {
      link = { pattern: [], count: 0, repeats: 0, since: now };
      out.set(receiver, link);
    }
    if (now - link.since >= this.windowMs) {
      link.count = 0;
      link.repeats = 0;
      link.since = now;
      link.pattern.length = 0;
    }
    if (++link.count <= QUIET_LINK) return undefined;
    const signature = typeof said === 'number' ? said : this.signatureOf(said);
    if (link.pattern.includes(signature)) {
      link.repeats++;
    } else {
      if (link.pattern.length >= this.patternSize) {
        link.pattern.shift();
        link.repeats = 0;
        link.since = now;
        link.count = QUIET_LINK + 1;
      }
      link.pattern.push(signature);
    }
    if (link.repeats < this.minRepeats || link.repeats % this.minRepeats !== 0) return undefined;
    if (this.exempt.has(sender) || this.exempt.has(receiver)) return undefined;
    const path = this.pathBack(receiver, sender, now);
    if (path === undefined) return undefined;
    const agents = [sender, ...path];
    const loop: Livelock = {
      agents,
      repeats: link.repeats,
      patternSize: link.pattern.length,
      at: now,
      overMs: now - link.since,
    };
    this.forget(agents);
    return loop;
  }

  /** Forgets links quiet for a whole window: they cannot be part of a loop now. */
  prune(now: number): void {
    for (const [sender, out] of this.links) {
      for (const [receiver, link] of out) if (now - link.since >= this.windowMs) out.delete(receiver);
      if (out.size === 0) this.links.delete(sender);
    }
  }

  /** Forgets the links of `agents` (after their loop was broken, or when they restart). */
  forget(agents: readonly AgentId[]): void {
    for (const id of agents) this.links.delete(id);
  }

  /** A path of hot links from `from` back to `to`, at most `maxLoopLength − 1` links long, without `to` itself. */
  private pathBack(from: AgentId, to: AgentId, now: number): AgentId[] | undefined {
    const search = (at: AgentId, path: AgentId[]): AgentId[] | undefined => {
      const out = this.links.get(at);
      if (out === undefined) return undefined;
      for (const [next, link] of out) {
        if (!this.hot(link, now) || this.exempt.has(next)) continue;
        if (next === to) return path;
        if (path.length + 1 >= this.maxLoopLength || path.includes(next)) continue;
        const found = search(next, [...path, next]);
        if (found !== undefined) return found;
      }
      return undefined;
    };
    return search(from, [from]);
  }

  private hot(link: Link, now: number): boolean {
    return link.repeats >= this.minRepeats && now - link.since < this.windowMs;
  }
}

import type { Envelope } from '../protocol/envelope.js';
import type { AgentId } from '../protocol/ids.js';
import { envelopeSignature, idHash } from './signature.js';

export interface LivelockOptions {
  /** The sliding window repeats are counted in (ms). Default 1000. */
  readonly windowMs?: number;
  /** Repeats of the pattern on every link of a loop, within one window, before it counts as one. Default 32. */
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
  /** Repeats counted on the link that closed the loop since its pattern began. */
  readonly repeats: number;
  /** Distinct messages in that link's pattern. */
  readonly patternSize: number;
  readonly at: number;
  /** How long the pattern had been repeating on that link (ms; 0 when it spins without time passing). */
  readonly overMs: number;
}

/** One direction of a busy link: the pattern it repeats and when its latest repeats came. */
interface Link {
  /** When it last carried a message. */
  lastAt: number;
  /** When its current pattern began. */
  since: number;
  /** Repeats since its current pattern began. */
  repeats: number;
  /** Whether it was hot at its previous repeat: a loop is looked for when it turns hot. */
  wasHot: boolean;
  /** The distinct messages seen lately, oldest first. */
  readonly pattern: number[];
  /** The times of its latest `minRepeats` repeats: a ring whose oldest entry is at `head`. */
  readonly repeatTimes: number[];
  head: number;
}

/**
 * Messages a link carries before it is tracked: ordinary request-response traffic never gets there, so
 * it costs a counter, not a hash. The count starts again after a window of silence.
 */
const QUIET_LINK = 8;
/**
 * Slots of the table that counts messages per link until a link is busy (a power of two). Links sharing a
 * slot share its count, which can only make a link look busier than it is: no loop is missed.
 */
const GATE_SLOTS = 8192;
/** Ids whose hashes are kept; past this many the cache starts over (ids come and go). */
const HASHES_KEPT = 100_000;

/**
 * Spots ping-pong and delegation loops: two or more agents passing the same pattern of messages round
 * and round, `minRepeats` times within a sliding window. Each direct message updates its link (sender →
 * receiver): a message already in the link's recent pattern is a repeat, and the link is hot while its
 * latest `minRepeats` repeats all lie within the last `windowMs`. When a link turns hot, the detector looks
 * for a path of hot links from the receiver back to the sender. Traffic whose messages keep changing (new
 * task ids, new prices) never repeats, and traffic that repeats slowly never fits `minRepeats` repeats into
 * one window, so both are left alone.
 *
 * @example
 * const detector = new LivelockDetector({ minRepeats: 16 });
 * const loop = detector.observe('a', 'b', envelope, clock.now());
 * if (loop) breakers.trip(loop.agents, 'livelock', 'a → b → a');
 */
export class LivelockDetector {
  private readonly links = new Map<AgentId, Map<AgentId, Link>>();
  /** Per slot: messages since the slot was last idle for a window, and when it last carried one. */
  private readonly gateCounts = new Uint16Array(GATE_SLOTS);
  private readonly gateLastAt = new Float64Array(GATE_SLOTS).fill(Number.NEGATIVE_INFINITY);
  private readonly hashes = new Map<AgentId, number>();
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
    if (sender === receiver || this.quiet(sender, receiver, now)) return undefined;
    const link = this.linkOf(sender, receiver, now);
    const signature = typeof said === 'number' ? said : this.signatureOf(said);
    if (!this.repeated(link, signature, now)) return undefined;
    const hot = this.hot(link, now);
    // Looked for when the link turns hot, and again every `minRepeats` repeats while it stays hot.
    const look = hot && (!link.wasHot || link.repeats % this.minRepeats === 0);
    link.wasHot = hot;
    if (!look || this.exempt.has(sender) || this.exempt.has(receiver)) return undefined;
    const path = this.pathBack(receiver, sender, now);
    if (path === undefined) return undefined;
    const agents = [sender, ...path];
    this.forget(agents);
    const { repeats, pattern, since } = link;
    return { agents, repeats, patternSize: pattern.length, at: now, overMs: now - since };
  }

  /** Forgets links quiet for a whole window: they cannot be part of a loop now. */
  prune(now: number): void {
    for (const [sender, out] of this.links) {
      for (const [receiver, link] of out) if (now - link.lastAt >= this.windowMs) out.delete(receiver);
      if (out.size === 0) this.links.delete(sender);
    }
  }

  /** Forgets the links of `agents` (after their loop was broken, or when they restart). */
  forget(agents: readonly AgentId[]): void {
    for (const id of agents) this.links.delete(id);
  }

  /**
   * Counts the message in its link's slot; true while the slot has carried at most `QUIET_LINK` messages
   * since it was last idle for a whole window.
   */
  private quiet(sender: AgentId, receiver: AgentId, now: number): boolean {
    const slot = (Math.imul(this.hashOf(sender), 31) + this.hashOf(receiver)) & (GATE_SLOTS - 1);
    const idle = now - this.gateLastAt[slot]! >= this.windowMs;
    const count = idle ? 1 : Math.min(this.gateCounts[slot]! + 1, 0xffff);
    this.gateLastAt[slot] = now;
    this.gateCounts[slot] = count;
    return count <= QUIET_LINK;
  }

  private hashOf(id: AgentId): number {
    let hash = this.hashes.get(id);
    if (hash === undefined) {
      if (this.hashes.size >= HASHES_KEPT) this.hashes.clear();
      hash = idHash(id);
      this.hashes.set(id, hash);
    }
    return hash;
  }

  /** The record of a busy link, started afresh when it was idle for a whole window. */
  private linkOf(sender: AgentId, receiver: AgentId, now: number): Link {
    let out = this.links.get(sender);
    if (out === undefined) {
      out = new Map();
      this.links.set(sender, out);
    }
    let link = out.get(receiver);
    if (link === undefined) {
      link = { lastAt: now, since: now, repeats: 0, wasHot: false, pattern: [], repeatTimes: [], head: 0 };
      out.set(receiver, link);
    } else if (now - link.lastAt >= this.windowMs) {
      link.pattern.length = 0;
      this.newPattern(link, now);
    }
    link.lastAt = now;
    return link;
  }

  /**
   * Adds a message to the link's pattern; true when it was a repeat, whose time then goes into the ring. A
   * new message in a full pattern pushes the oldest out and starts the count of repeats again.
   */
  private repeated(link: Link, signature: number, now: number): boolean {
    if (!link.pattern.includes(signature)) {
      if (link.pattern.length >= this.patternSize) {
        link.pattern.shift();
        this.newPattern(link, now);
      }
      link.pattern.push(signature);
      return false;
    }
    link.repeatTimes[link.head] = now;
    link.head = (link.head + 1) % this.minRepeats;
    link.repeats++;
    return true;
  }

  private newPattern(link: Link, now: number): void {
    link.since = now;
    link.repeats = 0;
    link.wasHot = false;
    link.head = 0;
  }

  /** True while the link's latest `minRepeats` repeats all lie within the window that ends `now`. */
  private hot(link: Link, now: number): boolean {
    // Once `minRepeats` repeats filled the ring, `head` points at the oldest of them.
    return link.repeats >= this.minRepeats && now - link.repeatTimes[link.head]! < this.windowMs;
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
}

import type { Rng } from '../../protocol/random.js';

/**
 * Hostile payloads, as JSON text, for the faults that push them through a trust boundary. Each is refused
 * there for a different reason.
 */

/**
 * Envelopes with broken fields: a made-up performative, a forged look-alike sender, a bid priced in words.
 *
 * @example
 * for (const text of malformedPayloads(4, createRng(1), 'bidder-1')) ingress.accept(text);
 */
export function malformedPayloads(count: number, rng: Rng, receiver: string): string[] {
  const kinds = [
    () => ({
      id: `x${rng.int(1e6)}`,
      performative: 'yell',
      sender: 'mallory',
      receiver,
      content: { kind: 'x' },
      priority: 'normal',
      sentAt: 0,
    }),
    () => ({
      id: `x${rng.int(1e6)}`,
      performative: 'inform',
      sender: 'аdmin',
      receiver,
      content: { kind: 'x' },
      priority: 'normal',
      sentAt: 0,
    }),
    () => ({
      id: `x${rng.int(1e6)}`,
      performative: 'propose',
      sender: 'mallory',
      receiver,
      content: { kind: 'bid', taskId: 't1', price: 'free', eta: -1 },
      priority: 'urgent',
      sentAt: -5,
    }),
    () => ({ performative: 'inform', receiver, content: 'not an object' }),
  ];
  return Array.from({ length: count }, (_, i) => JSON.stringify(kinds[i % kinds.length]!()));
}

/**
 * Envelopes far over the byte limit (a 1 MB string in the content).
 *
 * @example
 * decodeEnvelopeJson(oversizedPayloads(1, createRng(1), 'a')[0]!).ok // false
 */
export function oversizedPayloads(count: number, rng: Rng, receiver: string): string[] {
  return Array.from({ length: count }, () =>
    JSON.stringify({
      id: `big${rng.int(1e6)}`,
      performative: 'inform',
      sender: 'mallory',
      receiver,
      content: { kind: 'blob', data: 'A'.repeat(1 << 20) },
      priority: 'normal',
      sentAt: 0,
    }),
  );
}

/**
 * Envelopes whose content nests `depth` levels deep (default 20,000): a stack-overflow attempt.
 *
 * @example
 * decodeEnvelopeJson(deeplyNestedPayloads(1, createRng(1), 'a')[0]!).ok // false, and no stack overflow
 */
export function deeplyNestedPayloads(count: number, rng: Rng, receiver: string, depth = 20_000): string[] {
  const nested = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return Array.from(
    { length: count },
    () =>
      `{"id":"deep${rng.int(1e6)}","performative":"inform","sender":"mallory","receiver":${JSON.stringify(receiver)},"content":{"kind":"deep","v":${nested}},"priority":"normal","sentAt":0}`,
  );
}

import { describe, expect, it } from 'vitest';
import { decodeEnvelope, polisContents, trustContents } from '../../src/index.js';

const envelope = (content: object) => ({
  id: 'e1',
  performative: 'inform',
  sender: 'round-1',
  receiver: 'ledger',
  content,
  priority: 'normal',
  sentAt: 0,
});

describe('trust content schemas at a trust boundary', () => {
  it('are registered with the default decoder', () => {
    for (const schema of trustContents)
      expect(polisContents.has(String(schema.fields.kind.literals[0]))).toBe(true);
  });

  it('accept well-formed evidence, votes and moves', () => {
    for (const content of [
      { kind: 'evidence', subject: 'a', outcome: 'vote-dissented', about: 'round-1' },
      { kind: 'vote', roundId: 'r', attempt: 1, value: 20.5, confidence: 0.9 },
      { kind: 'ipd-move', matchId: 'm', turn: 3, move: 'C' },
      { kind: 'signal', symbol: 'ACME', action: 'buy', confidence: 0.7 },
      { kind: 'vote-request', term: 2, candidate: 'n1' },
    ]) {
      expect(decodeEnvelope(envelope(content)).ok, JSON.stringify(content)).toBe(true);
    }
  });

  it('refuse malformed ones, saying what is wrong', () => {
    const bad = decodeEnvelope(envelope({ kind: 'evidence', subject: 'a', outcome: 'was-rude' }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/outcome/);
    expect(
      decodeEnvelope(envelope({ kind: 'signal', symbol: 'ACME', action: 'buy', confidence: 7 })).ok,
    ).toBe(false);
    expect(decodeEnvelope(envelope({ kind: 'ipd-move', matchId: 'm', turn: 3, move: 'X' })).ok).toBe(false);
  });
});

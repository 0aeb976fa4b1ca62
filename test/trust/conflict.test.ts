import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Claim,
  type ConflictResolverInput,
  conflictResolver,
  createSystem,
  detectOversubscription,
  detectSignalConflict,
  type Envelope,
  type EscalationContent,
  type ResolutionContent,
  type Signal,
  signalSeverity,
  signalSource,
  snapshotOf,
  VirtualClock,
  weightedAllocation,
} from '../../src/index.js';

const signal = (source: string, action: Signal['action'], confidence: number): Signal => ({
  source,
  symbol: 'ACME',
  action,
  confidence,
});

describe('conflict detection', () => {
  it('measures severity as |mean buy confidence − mean sell confidence| and flags it above the threshold', () => {
    const signals = [
      signal('a', 'buy', 0.9),
      signal('b', 'buy', 0.7),
      signal('c', 'sell', 0.5),
      signal('d', 'hold', 1),
    ];
    expect(signalSeverity(signals)).toMatchObject({ opposing: true, hold: ['d'] });
    expect(signalSeverity(signals).severity).toBeCloseTo(0.3);
    expect(detectSignalConflict(signals, 'ACME', 0.2)?.severity).toBeCloseTo(0.3);
    expect(detectSignalConflict(signals, 'ACME', 0.3 + 1e-9)).toBeUndefined();
    expect(
      detectSignalConflict([signal('a', 'buy', 0.9), signal('b', 'hold', 0.1)], 'ACME', 0),
    ).toBeUndefined();
    expect(detectSignalConflict(signals, 'OTHER', 0)).toBeUndefined();
  });

  it('detects oversubscription of a resource', () => {
    const claims: Claim[] = [
      { claimant: 'a', resource: 'cpu', amount: 6 },
      { claimant: 'b', resource: 'cpu', amount: 6 },
      { claimant: 'c', resource: 'ram', amount: 100 },
    ];
    expect(detectOversubscription(claims, 'cpu', 10)).toMatchObject({
      demanded: 12,
      excess: 2,
      claimants: ['a', 'b'],
    });
    expect(detectOversubscription(claims, 'cpu', 12)).toBeUndefined();
  });

  it('allocates by weight, caps at each demand, and shares what a capped claimant leaves', () => {
    const claims: Claim[] = [
      { claimant: 'small', resource: 'r', amount: 10 },
      { claimant: 'big', resource: 'r', amount: 100 },
      { claimant: 'trusted', resource: 'r', amount: 100 },
      { claimant: 'banned', resource: 'r', amount: 100 },
    ];
    const weights: Record<string, number> = { small: 1, big: 1, trusted: 3, banned: 0 };
    const grants = weightedAllocation(claims, 100, (c) => weights[c]!);
    const by = Object.fromEntries(grants.map((g) => [g.claimant, g.granted]));
    expect(by.small).toBe(10);
    expect(by.banned).toBe(0);
    expect(by.trusted! / by.big!).toBeCloseTo(3);
    expect(by.small! + by.big! + by.trusted!).toBeCloseTo(100);
  });

  it('never hands out more than the capacity, nor more than anyone asked for', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.double({ min: 0, max: 1e6, noNaN: true }),
            weight: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 12,
          },
        ),
        fc.double({ min: 0, max: 2e6, noNaN: true }),
        (raw, capacity) => {
          const claims = raw.map((r, i) => ({ claimant: `c${i}`, resource: 'r', amount: r.amount }));
          const grants = weightedAllocation(claims, capacity, (c) => raw[Number(c.slice(1))]!.weight);
          const total = grants.reduce((s, g) => s + g.granted, 0);
          expect(total).toBeLessThanOrEqual(capacity * (1 + 1e-9) + 1e-6);
          for (const g of grants) expect(g.granted).toBeLessThanOrEqual(g.requested * (1 + 1e-9) + 1e-9);
        },
      ),
    );
  });
});

function market(
  signals: ReadonlyArray<[string, Signal['action'], number]>,
  input: Partial<ConflictResolverInput> = {},
  operator: (escalation: Envelope) => string | undefined = () => undefined,
) {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed: 4 });
  const desk = system.endpoint('desk');
  const heard: Envelope[] = [];
  desk.inbox$.subscribe((e) => {
    heard.push(e);
    if (e.content.kind !== 'escalation') return;
    const value = operator(e);
    if (value === undefined) return;
    desk.send({
      performative: 'inform',
      receiver: e.sender,
      content: { kind: 'operator-decision', ref: (e.content as EscalationContent).ref, value },
    });
  });
  const resolver = system.spawn(conflictResolver, {
    id: 'resolver',
    input: { symbol: 'ACME', operator: 'desk', reportTo: ['desk'], capacities: { capital: 100 }, ...input },
  });
  for (const [id, action, confidence] of signals) {
    system.spawn(signalSource, {
      id,
      input: {
        symbol: 'ACME',
        action,
        confidence,
        resolver: 'resolver',
        claim: { resource: 'capital', amount: 40 },
      },
    });
  }
  system.run();
  const resolution = () =>
    heard.find((e) => e.content.kind === 'resolution')?.content as ResolutionContent | undefined;
  return { system, clock, heard, resolver, resolution };
}

describe('conflict resolver', () => {
  it('settles a conflict by a weighted vote, and scarce capital by weighted allocation', () => {
    const { resolution, resolver, heard } = market([
      ['a', 'buy', 0.9],
      ['b', 'buy', 0.8],
      ['c', 'sell', 0.5],
    ]);
    expect(resolution()).toMatchObject({ status: 'resolved', value: 'buy', symbol: 'ACME' });
    expect(resolution()?.severity).toBeCloseTo(0.35);
    expect(heard.some((e) => e.content.kind === 'escalation')).toBe(false);
    const grants = snapshotOf(resolver).context.grants;
    expect(grants.reduce((s, g) => s + g.granted, 0)).toBeCloseTo(100);
    expect(snapshotOf(resolver).value).toBe('idle');
  });

  it('agrees without a conflict when nobody opposes', () => {
    const { resolution } = market([
      ['a', 'buy', 0.9],
      ['b', 'buy', 0.4],
    ]);
    expect(resolution()).toMatchObject({ status: 'agreed', value: 'buy' });
  });

  it('escalates what a vote cannot settle, and takes the operator’s decision', () => {
    const { resolution, heard } = market(
      [
        ['a', 'buy', 0.8],
        ['b', 'sell', 0.8],
      ],
      {},
      () => 'sell',
    );
    expect(heard.find((e) => e.content.kind === 'escalation')?.content).toMatchObject({
      reason: expect.stringMatching(/tie between buy and sell/),
    });
    expect(resolution()).toMatchObject({ status: 'operator', value: 'sell', confidence: 1 });
  });

  it('falls back to holding when the operator is silent, after the operator’s timeout', () => {
    const { resolution, clock } = market(
      [
        ['a', 'buy', 0.8],
        ['b', 'sell', 0.8],
      ],
      { operatorTimeout: 2_000, window: 100 },
    );
    expect(resolution()).toMatchObject({ status: 'unresolved', value: 'hold', confidence: 0 });
    expect(clock.now()).toBe(2_100);
  });

  it('can settle a conflict by a consensus round among the sources', () => {
    const { resolution, heard } = market(
      [
        ['a', 'buy', 0.9],
        ['b', 'buy', 0.8],
        ['c', 'sell', 0.5],
      ],
      { resolveBy: 'consensus-round' },
    );
    expect(resolution()).toMatchObject({ status: 'resolved', value: 'buy' });
    expect(heard.some((e) => e.content.kind === 'escalation')).toBe(false);
  });
});

import { getShortestPaths, getSimplePaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor, type EventObject } from 'xstate';
import { type SupervisorContext, supervisor } from '../../machines/supervisor.js';
import type {
  SupervisionStrategy,
  SupervisorCommand,
  SupervisorEvent,
  SupervisorSettings,
} from '../../src/protocol/supervision-content.js';

const settings = (strategy: SupervisionStrategy): SupervisorSettings => ({
  id: 'sup',
  strategy,
  intensity: { maxRestarts: 2, withinMs: 1000 },
  backoff: { initialMs: 10, factor: 2, maxMs: 100, jitter: 0.5 },
  seed: 11,
  children: [
    { id: 'a', type: 'agent', restart: 'permanent', from: 'fresh' },
    { id: 'b', type: 'agent', restart: 'transient', from: 'snapshot' },
    { id: 'c', type: 'agent', restart: 'temporary', from: 'fresh' },
  ],
});

const AFTER = { type: 'xstate.after.backoff.supervisor.backingOff' } as unknown as SupervisorEvent;

const EVENTS: SupervisorEvent[] = [
  { type: 'child.exited', child: 'a', cause: 'failed', detail: 'boom', at: 0 },
  { type: 'child.exited', child: 'b', cause: 'stopped', detail: 'done', at: 0 },
  { type: 'child.exited', child: 'b', cause: 'failed', detail: 'boom', at: 0 },
  { type: 'child.exited', child: 'c', cause: 'failed', detail: 'boom', at: 0 },
  { type: 'restart.done', at: 0 },
  { type: 'restart.failed', child: 'a', detail: 'gone', at: 0 },
  { type: 'supervisor.reset', at: 0 },
  { type: 'supervisor.stop', reason: 'parent' },
  { type: 'system.halted', tripwire: 'budget', at: 0 },
  { type: 'system.resumed', reason: 'ok', at: 0 },
  AFTER,
];

const serialize = (s: { value: unknown; context: unknown }) => {
  const c = s.context as SupervisorContext;
  return `${JSON.stringify(s.value)}|${c.restarts.length}|${c.pending?.failed.join(',') ?? '-'}`;
};

/** Replays a path on a live actor and returns the commands it emitted. */
function replay(strategy: SupervisionStrategy, events: readonly (EventObject | SupervisorEvent)[]) {
  const actor = createActor(supervisor, { input: settings(strategy) });
  const commands: Array<{ step: number; command: SupervisorCommand }> = [];
  let step = -1;
  actor.on('supervisor.command', ({ command }) => commands.push({ step, command }));
  actor.start();
  for (const [i, event] of events.entries()) {
    step = i;
    actor.send(event as SupervisorEvent);
  }
  return { commands, snapshot: actor.getSnapshot() };
}

describe('supervisor machine, model-based', () => {
  for (const strategy of ['one-for-one', 'one-for-all', 'rest-for-one'] as const) {
    it(`${strategy}: every state is reachable`, () => {
      const paths = getShortestPaths(supervisor, {
        input: settings(strategy),
        events: EVENTS,
        serializeState: serialize as never,
        limit: 10_000,
      });
      const reached = new Set(paths.map((p) => String(p.state.value)));
      expect([...reached].sort()).toEqual([
        'backingOff',
        'gaveUp',
        'halted',
        'restarting',
        'stopped',
        'supervising',
      ]);
    });

    it(`${strategy}: on every simple path, restarts are planned, bounded, ordered, and silent while halted`, () => {
      const paths = getSimplePaths(supervisor, {
        input: settings(strategy),
        events: EVENTS,
        serializeState: serialize as never,
        limit: 20_000,
      });
      expect(paths.length).toBeGreaterThan(50);
      for (const path of paths) {
        const events = path.steps.map((step) => step.event).slice(1);
        const { commands } = replay(strategy, events);
        let halted = false;
        let planned = false;
        for (const [i, event] of events.entries()) {
          if (event.type === 'system.halted') halted = true;
          if (event.type === 'system.resumed') halted = false;
          const emitted = commands.filter((c) => c.step === i);
          if (halted) expect(emitted, `no decisions while halted: ${events.map((e) => e.type)}`).toEqual([]);
        }
        for (const { command } of commands) {
          if (command.kind === 'backoff') planned = true;
          if (command.kind === 'restart') {
            expect(planned, 'a restart is always announced by a backoff first').toBe(true);
            planned = false;
            const startIds = command.start.map((s) => s.id);
            expect(startIds).not.toContain('c');
            expect(command.stop).toEqual([...command.stop].sort().reverse());
            if (strategy === 'one-for-all') expect(command.stop).toEqual(['c', 'b', 'a']);
            if (strategy === 'one-for-one')
              expect(command.stop).toEqual(command.failed.slice().sort().reverse());
            expect(command.attempt).toBeLessThanOrEqual(2);
            expect(command.delayMs).toBeLessThanOrEqual(10 * 2 ** (command.attempt - 1));
            expect(command.delayMs).toBeGreaterThanOrEqual(5 * 2 ** (command.attempt - 1));
          }
          if (command.kind === 'give-up') {
            expect(command.stop).toEqual(['c', 'b', 'a']);
            expect(command.parent).toBeUndefined();
          }
        }
      }
    });
  }

  it('gives up on the restart after the R-th within the window, never before', () => {
    const failA: SupervisorEvent = {
      type: 'child.exited',
      child: 'a',
      cause: 'failed',
      detail: 'boom',
      at: 0,
    };
    const cycle = [failA, AFTER, { type: 'restart.done', at: 0 } as SupervisorEvent];
    const { commands, snapshot } = replay('one-for-one', [...cycle, ...cycle, failA]);
    expect(commands.map((c) => c.command.kind)).toEqual([
      'backoff',
      'restart',
      'backoff',
      'restart',
      'give-up',
    ]);
    expect(snapshot.value).toBe('gaveUp');
    const late: SupervisorEvent = { ...failA, at: 1000 };
    const spaced = replay('one-for-one', [...cycle, ...cycle, late]);
    expect(spaced.snapshot.value).toBe('backingOff');
  });

  it('folds failures during the backoff into one restart', () => {
    const { commands } = replay('rest-for-one', [
      { type: 'child.exited', child: 'b', cause: 'failed', detail: 'x', at: 0 },
      { type: 'child.exited', child: 'a', cause: 'failed', detail: 'y', at: 0 },
      AFTER,
    ]);
    const restart = commands.find((c) => c.command.kind === 'restart')!.command;
    expect(restart).toMatchObject({ failed: ['b', 'a'], stop: ['c', 'b', 'a'] });
    expect(restart.kind === 'restart' && restart.start.map((s) => s.id)).toEqual(['a', 'b']);
  });
});

import { type AnyActorRef, assign, createActor, setup } from 'xstate';
import type { AgentInput } from '../../src/protocol/agent-identity.js';
import type { Inbound } from '../../src/protocol/envelope.js';
import type { BareEvent } from '../bare-network.js';
import { check, type Sample, timed } from '../harness.js';
import { longLivedSystem } from '../polis-system.js';
import { throughputKernel } from '../throughput-kernel.js';

/** Savina's fork-join creation: 40,000 actors, each created, sent one message, and stopped. */
const WORKERS = 40_000;

type Work = { kind: 'work' };

/** Does one piece of work when asked. */
export const worker = setup({
  types: {} as {
    context: { done: number };
    input: AgentInput;
    events: Inbound<'request', Work>;
  },
  actions: { work: assign({ done: ({ context }) => context.done + 1 }) },
}).createMachine({
  id: 'worker',
  context: { done: 0 },
  on: { request: { actions: 'work' } },
});

function workerId(i: number): string {
  return `w${i}`;
}

function checkDone(done: number): void {
  check(done === WORKERS, `${done} workers worked, not ${WORKERS}`);
}

/**
 * Bare: `createActor` + `start`, one `send`, `stop`. The message comes from outside the actors, so it is sent
 * directly (there is nothing to trampoline).
 */
function bare(): Sample {
  let done = 0;
  const sample = timed(WORKERS, () => {
    for (let i = 0; i < WORKERS; i++) {
      const agent = { id: workerId(i), capabilities: [], seed: 0 };
      const actor: AnyActorRef = createActor(worker, { input: { agent } });
      actor.start();
      const event: BareEvent = { type: 'request', sender: 'main', content: { kind: 'work' } };
      actor.send(event);
      done += actor.getSnapshot().context.done;
      actor.stop();
    }
  });
  checkDone(done);
  return sample;
}

const polisSystem = longLivedSystem();

/** Polis: `system.spawn`, one message from an endpoint, `removeAgent` (stops it and frees its id). */
function polis(): Sample {
  const system = polisSystem();
  const main = system.endpoint('main');
  let done = 0;
  const sample = timed(WORKERS, () => {
    for (let i = 0; i < WORKERS; i++) {
      const id = workerId(i);
      const agent = system.spawn(worker, { id });
      // Outside a step the bus delivers at once, so the worker has worked when `send` returns.
      main.send({ performative: 'request', receiver: id, content: { kind: 'work' } });
      done += agent.actor.getSnapshot().context.done;
      system.removeAgent(id);
    }
  });
  checkDone(done);
  return sample;
}

export const forkJoinCreate = throughputKernel({
  name: 'fork-join-create',
  summary: `${WORKERS.toLocaleString('en-US')} actors, each spawned, sent one message and stopped`,
  unit: 'actors/s',
  target: 0.5,
  bare,
  polis,
});

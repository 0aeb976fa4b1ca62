import {
  type AgentSystem,
  type Content,
  contractNetInitiator,
  createSystem,
  type Endpoint,
  type Envelope,
  type InitiatorOptions,
  type Message,
  reply,
  type TaskContent,
  VirtualClock,
} from '../../src/index.js';

export const TASK: TaskContent = {
  kind: 'task',
  taskId: 'paint-fence',
  capability: 'paint',
  work: 4,
  budget: 100,
};

/** A scripted participant: an endpoint that records what it hears and answers when told to. */
export class Participant {
  readonly heard: Envelope[] = [];

  constructor(readonly endpoint: Endpoint) {
    endpoint.inbox$.subscribe((e) => this.heard.push(e));
  }

  get id(): string {
    return this.endpoint.id;
  }

  last(performative?: string): Envelope {
    const found = this.heard
      .filter((e) => performative === undefined || e.performative === performative)
      .at(-1);
    if (found === undefined) throw new Error(`${this.id} heard no ${performative ?? 'message'}`);
    return found;
  }

  count(performative: string): number {
    return this.heard.filter((e) => e.performative === performative).length;
  }

  answer<C extends Content>(to: Envelope, performative: Message['performative'], content: C): Envelope {
    return this.endpoint.send(reply(to, performative, content));
  }

  propose(price: number, eta = 1000): Envelope {
    const cfp = this.last('cfp');
    return this.answer(cfp, 'propose', { kind: 'bid', taskId: TASK.taskId, price, eta });
  }
}

export interface Market {
  readonly system: AgentSystem;
  readonly clock: VirtualClock;
  readonly manager: Participant;
  readonly participants: Participant[];
  readonly initiator: ReturnType<AgentSystem['spawn']>;
  state(): string;
}

/** An initiator with scripted participants and a manager that receives its outcome. */
export function contractNet(count: number, options: Partial<InitiatorOptions> = {}): Market {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed: 7 });
  const participants = Array.from({ length: count }, (_, i) => new Participant(system.endpoint(`p${i + 1}`)));
  const manager = new Participant(system.endpoint('manager'));
  const initiator = system.spawn(contractNetInitiator, {
    id: 'initiator',
    input: {
      task: TASK,
      participants: participants.map((p) => p.id),
      replyWithin: 1000,
      reportTo: 'manager',
      ...options,
    },
  });
  return {
    system,
    clock,
    manager,
    participants,
    initiator,
    state: () => String(initiator.actor.getSnapshot().value),
  };
}

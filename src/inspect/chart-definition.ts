import { type AnyStateMachine, createMachine } from 'xstate';

/** One transition of a state, as the inspector draws it. */
export interface ChartTransition {
  /** The event type XState matches (`''` for `always`, `xstate.after.…` for delays). */
  readonly event: string;
  /** The event in words: `request`, `after 200ms`, `always`, `done: working`. */
  readonly label: string;
  /** Ids of the target states; empty for a transition that only runs actions. */
  readonly targets: readonly string[];
  readonly guard?: string;
  readonly actions: readonly string[];
  readonly reenter: boolean;
}

/** A state node in the normalized tree the inspector lays out: plain JSON, one per machine. */
export interface ChartNode {
  /** Unique in the machine: the machine id and the path, dotted (`worker.busy.thinking`). */
  readonly id: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** The id of the initial child of a compound state. */
  readonly initial?: string;
  readonly children: readonly ChartNode[];
  readonly transitions: readonly ChartTransition[];
  readonly entry: readonly string[];
  readonly exit: readonly string[];
  readonly invoke: readonly string[];
  readonly tags: readonly string[];
  readonly description?: string;
}

type AnyStateNode = AnyStateMachine['root'];
type AnyTransition = NonNullable<AnyStateNode['always']>[number];

/**
 * The normalized statechart of a machine, for drawing: nested states, transitions with their event, guard
 * and actions, initial states. Inline functions become their names.
 *
 * @example
 * const chart = chartOf(contractNetBidder); // chart.children[0].transitions[0].label === 'cfp'
 */
export function chartOf(machine: AnyStateMachine): ChartNode {
  const delays = (machine.implementations?.delays ?? {}) as Record<string, unknown>;
  return nodeOf(machine.root, delays);
}

/**
 * The chart of a raw machine config sent as JSON (what `@statelyai/inspect` sends as `definition`).
 * Returns `undefined` when it does not describe a machine.
 *
 * @example
 * chartFromConfig('{"id":"light","initial":"green","states":{"green":{}}}')?.initial // 'light.green'
 */
export function chartFromConfig(json: string): ChartNode | undefined {
  try {
    const config: unknown = JSON.parse(json);
    if (typeof config !== 'object' || config === null) return undefined;
    return chartOf(createMachine(config as Parameters<typeof createMachine>[0]));
  } catch {
    return undefined;
  }
}

type Delays = Record<string, unknown>;

/** Actions XState adds to schedule and cancel `after` delays: noise in a drawing. */
const DELAY_PLUMBING = new Set(['xstate.raise', 'xstate.cancel']);

function nodeOf(node: AnyStateNode, delays: Delays): ChartNode {
  const children = Object.values(node.states as Record<string, AnyStateNode>).map((child) =>
    nodeOf(child, delays),
  );
  const initial = node.type === 'compound' ? initialOf(node) : undefined;
  const timed = node.after.length > 0;
  const visible = (name: string) => !(timed && DELAY_PLUMBING.has(name));
  return {
    id: node.id,
    key: node.key,
    type: node.type,
    ...(initial === undefined ? {} : { initial }),
    children,
    transitions: transitionsOf(node, delays),
    entry: node.entry.map(nameOf).filter(visible),
    exit: node.exit.map(nameOf).filter(visible),
    invoke: node.invoke.map((invoke) => invoke.id ?? nameOf(invoke.src)),
    tags: [...node.tags],
    ...(node.description === undefined ? {} : { description: node.description }),
  };
}

function initialOf(node: AnyStateNode): string | undefined {
  try {
    return node.initial.target[0]?.id;
  } catch {
    return undefined;
  }
}

function transitionsOf(node: AnyStateNode, delays: Delays): ChartTransition[] {
  const all: AnyTransition[] = [];
  for (const list of node.transitions.values()) all.push(...list);
  for (const transition of node.always ?? []) if (!all.includes(transition)) all.push(transition);
  return all.map((t) => transitionOf(t, node, delays));
}

function transitionOf(t: AnyTransition, node: AnyStateNode, delays: Delays): ChartTransition {
  const event = t.eventType;
  const guard = t.guard === undefined ? undefined : nameOf(t.guard);
  const delay = (t as { delay?: unknown }).delay;
  return {
    event,
    label: labelOf(
      event,
      node,
      typeof delay === 'string' && typeof delays[delay] === 'number'
        ? `${delay} (${delays[delay]}ms)`
        : delay,
    ),
    targets: (t.target ?? []).map((target: AnyStateNode) => target.id),
    ...(guard === undefined ? {} : { guard }),
    actions: (t.actions ?? []).map(nameOf),
    reenter: t.reenter === true,
  };
}

function labelOf(event: string, node: AnyStateNode, delay: unknown): string {
  if (event === '') return 'always';
  if (event.startsWith('xstate.after.')) {
    return `after ${typeof delay === 'number' ? `${delay}ms` : String(delay ?? event.split('.')[2])}`;
  }
  if (event.startsWith(`xstate.done.state.${node.id}`)) return 'done';
  if (event.startsWith('xstate.done.state.')) return `done: ${event.slice('xstate.done.state.'.length)}`;
  if (event.startsWith('xstate.done.actor.')) return `done: ${event.slice('xstate.done.actor.'.length)}`;
  if (event.startsWith('xstate.error.actor.')) return `error: ${event.slice('xstate.error.actor.'.length)}`;
  return event;
}

/** The name of an action, guard or actor source, however it was given. */
function nameOf(item: unknown): string {
  if (typeof item === 'string') return item;
  if (typeof item === 'function') {
    const typed = (item as { type?: unknown }).type;
    if (typeof typed === 'string') return typed;
    return item.name === '' ? 'inline' : item.name;
  }
  if (typeof item === 'object' && item !== null) {
    const typed = (item as { type?: unknown; id?: unknown }).type;
    if (typeof typed === 'string' && typed !== '') return typed;
    const id = (item as { id?: unknown }).id;
    if (typeof id === 'string') return id;
    if ('config' in item) return 'machine';
  }
  return 'inline';
}

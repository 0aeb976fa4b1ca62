import type { Subscription } from 'rxjs';
import type { SupervisionState } from './supervision.js';

/** One row of a panel's tripwire table. */
export interface PanelTripwire {
  readonly name: string;
  readonly value: number;
  readonly threshold: number;
  readonly tripped: boolean;
}

/**
 * What the inspector's supervisor panel shows for one supervisor: its machine state, its children, its
 * recent restarts; the top one also carries the tripwires, the halt, open circuits, the guard's actions
 * and the chaos log.
 */
export interface SupervisorPanelData {
  readonly state: string;
  readonly strategy?: string;
  readonly children: readonly string[];
  readonly restarts: readonly { readonly at: number; readonly agent: string; readonly reason: string }[];
  readonly tripwires?: readonly PanelTripwire[];
  readonly chaos?: {
    readonly enabled: boolean;
    readonly state: string;
    readonly faults: readonly {
      readonly at: number;
      readonly fault: string;
      readonly target: string;
      readonly detail: string;
    }[];
  };
  readonly halt?: SupervisionState['halt'];
  readonly circuits?: SupervisionState['circuits'];
  readonly guard?: SupervisionState['guard'];
}

/** A panel for one supervisor (`id`), or for supervision without a tree (`main`). */
export interface SupervisorPanel {
  readonly id: string;
  readonly data: SupervisorPanelData;
}

/** The frame the inspector's supervisor panel is fed with. */
export interface SupervisorPanelFrame {
  readonly type: 'polis.panel';
  readonly panel: 'supervisor';
  readonly id: string;
  readonly data: SupervisorPanelData;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The supervisor panels of a supervision state, the top supervisor first.
 *
 * @example
 * for (const { id, data } of supervisorPanels(supervision.state())) collector.publishPanel('supervisor', data, id);
 */
export function supervisorPanels(state: SupervisionState): SupervisorPanel[] {
  const top = {
    tripwires: state.tripwires.map((t) => ({
      name: t.name,
      value: round(t.value),
      threshold: round(t.threshold),
      tripped: t.fired,
    })),
    ...(state.chaos === undefined
      ? {}
      : {
          chaos: {
            enabled: state.chaos.enabled,
            state: state.chaos.state,
            faults: state.chaos.log.map((entry) => ({
              at: entry.injectedAt,
              fault: entry.fault,
              target: [...entry.targets, ...entry.agents].join(', '),
              detail: `${entry.touched} touched${entry.revertedAt === undefined ? ', active' : `, reverted at ${entry.revertedAt}`}${entry.error === undefined ? '' : `; ${entry.error}`}`,
            })),
          },
        }),
    ...(state.halt === undefined ? {} : { halt: state.halt }),
    circuits: state.circuits,
    guard: state.guard,
  };
  const restartsOf = (id: string) =>
    state.decisions
      .filter((d) => d.supervisor === id && d.kind === 'restart')
      .map((d) => ({ at: d.at, agent: d.children.join(', '), reason: d.reason }));
  if (state.supervisors.length === 0) {
    return [{ id: 'main', data: { state: state.status, children: [], restarts: [], ...top } }];
  }
  return state.supervisors.map((s, i) => ({
    id: s.id,
    data: {
      state: state.status === 'halted' ? 'halted' : s.state,
      strategy: s.strategy,
      children: s.children,
      restarts: restartsOf(s.id),
      ...(i === 0 ? top : {}),
    },
  }));
}

/**
 * The panels of a state as inspector frames.
 *
 * @example
 * supervision.state$.subscribe((s) => supervisorPanelFrames(s).forEach((f) => socket.send(JSON.stringify(f))));
 */
export function supervisorPanelFrames(state: SupervisionState): SupervisorPanelFrame[] {
  return supervisorPanels(state).map(({ id, data }) => ({
    type: 'polis.panel',
    panel: 'supervisor',
    id,
    data,
  }));
}

/**
 * Publishes the panels through `publish` (e.g. an inspector collector's `publishPanel`) now and after every
 * change, until the returned subscription is unsubscribed. It works while the system is halted, because it
 * does not go through the bus.
 *
 * @example
 * publishSupervisorPanels(supervision, (panel, data, id) => collector.publishPanel(panel, data, id));
 */
export function publishSupervisorPanels(
  source: { readonly state$: import('rxjs').Observable<SupervisionState>; state(): SupervisionState },
  publish: (panel: 'supervisor', data: SupervisorPanelData, id: string) => void,
): Subscription {
  const send = (state: SupervisionState) => {
    for (const { id, data } of supervisorPanels(state)) publish('supervisor', data, id);
  };
  send(source.state());
  return source.state$.subscribe(send);
}

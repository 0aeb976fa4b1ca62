import type { Snapshot } from 'xstate';
import type { AgentSystem } from '../runtime/system.js';
import type { OperatorCommand } from './operator-command.js';

/** What the operator controls of a system report about themselves. */
export interface ControlsState {
  readonly halted: boolean;
  /** Why it was halted or resumed last. */
  readonly reason?: string;
  /** Whether fault injection is on; absent when the system has none. */
  readonly chaos?: boolean;
}

/**
 * The narrow seam between the inspector's command channel and a running system. The default
 * ({@link systemControls}) acts on the systems directly; a supervisor can implement the same interface
 * to put its own policy behind the buttons.
 *
 * @example
 * const controls: OperatorControls = systemControls(() => [system]);
 * await controls.halt('runaway bidding');
 */
export interface OperatorControls {
  /** The commands it supports; the inspector shows only these. */
  readonly available: readonly OperatorCommand['type'][];
  halt(reason: string): void | Promise<void>;
  resume(reason: string): void | Promise<void>;
  setChaos?(enabled: boolean): void | Promise<void>;
  state(): ControlsState;
}

/** The outcome of a command, as the page shows it. */
export interface CommandOutcome {
  readonly ok: boolean;
  readonly message: string;
}

/** The reason given to agents stopped by an emergency stop; the inspector shows them as `halted`. */
export const HALT_PREFIX = 'emergency stop: ';

/**
 * Runs a decoded command against `controls` and says in words what happened. Never throws.
 *
 * @example
 * const outcome = await applyCommand(controls, { type: 'halt', reason: 'test' }); // { ok: true, … }
 */
export async function applyCommand(
  controls: OperatorControls,
  command: OperatorCommand,
): Promise<CommandOutcome> {
  if (!controls.available.includes(command.type)) {
    return { ok: false, message: `this system does not support '${command.type}'` };
  }
  try {
    switch (command.type) {
      case 'halt':
        await controls.halt(command.reason);
        return { ok: true, message: `halted: ${command.reason}` };
      case 'resume':
        await controls.resume(command.reason);
        return { ok: true, message: `resumed: ${command.reason}` };
      case 'chaos':
        if (controls.setChaos === undefined) return { ok: false, message: 'this system has no chaos policy' };
        await controls.setChaos(command.enabled);
        return { ok: true, message: `chaos ${command.enabled ? 'on' : 'off'}` };
    }
  } catch (error) {
    return {
      ok: false,
      message: `'${command.type}' failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

export interface SystemControlsOptions {
  /** How `resume` brings agents back: from the snapshot taken when they were halted (default) or fresh. */
  readonly resumeFrom?: 'snapshot' | 'fresh';
  /** Called after every change, e.g. to publish the new state. */
  readonly onChange?: (state: ControlsState) => void;
}

/**
 * Operator controls acting directly on systems, for when no supervisor stands in between. `halt` seals
 * each bus (queued messages are dead-lettered as `halted`) and stops every running agent; `resume` unseals
 * and restarts the agents it stopped. Restored agents lose pending `after` delays (an XState limit), so
 * pass `resumeFrom: 'fresh'` for agents that must re-arm their timers.
 *
 * @example
 * const controls = systemControls(() => [system]);
 * controls.halt('operator pressed stop'); // system.bus.sealed === true
 */
export function systemControls(
  systems: () => readonly AgentSystem[],
  options: SystemControlsOptions = {},
): OperatorControls {
  let state: ControlsState = { halted: false };
  let stopped: { system: AgentSystem; id: string; snapshot: Snapshot<unknown> | undefined }[] = [];
  const changed = (next: ControlsState) => {
    state = next;
    options.onChange?.(state);
  };
  return {
    available: ['halt', 'resume'],
    state: () => state,
    halt(reason) {
      if (state.halted) return;
      for (const system of systems()) stopped.push(...haltSystem(system, reason, options.resumeFrom));
      changed({ halted: true, reason });
    },
    resume(reason) {
      const toRestart = stopped;
      stopped = [];
      for (const system of systems()) system.bus.unseal();
      for (const { system, id, snapshot } of toRestart) restart(system, id, snapshot);
      changed({ halted: false, reason });
    },
  };
}

function haltSystem(system: AgentSystem, reason: string, resumeFrom: 'snapshot' | 'fresh' | undefined) {
  system.bus.seal(`${HALT_PREFIX}${reason}`);
  const stopped: { system: AgentSystem; id: string; snapshot: Snapshot<unknown> | undefined }[] = [];
  for (const agent of system.agents()) {
    if (agent.status !== 'running') continue;
    let snapshot: Snapshot<unknown> | undefined;
    if (resumeFrom !== 'fresh') {
      try {
        snapshot = agent.actor.getPersistedSnapshot();
      } catch {
        snapshot = undefined;
      }
    }
    system.stopAgent(agent.id, `${HALT_PREFIX}${reason}`);
    stopped.push({ system, id: agent.id, snapshot });
  }
  return stopped;
}

function restart(system: AgentSystem, id: string, snapshot: Snapshot<unknown> | undefined): void {
  if (system.agent(id)?.status !== 'stopped') return;
  try {
    system.restartAgent(id, snapshot);
  } catch {
    // A snapshot that no longer restores (its machine changed) still leaves the agent usable: start it fresh.
    system.restartAgent(id);
  }
}

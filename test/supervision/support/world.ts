import type { LifecycleRecord } from '../../../src/runtime/system.js';
import { createSystem } from '../../../src/runtime/system.js';
import { VirtualClock } from '../../../src/runtime/virtual-clock.js';
import { worker } from './agents.js';

/** A simulated system with `ids` workers and a recorder of its lifecycle. */
export function workers(ids: readonly string[], seed = 1) {
  const clock = new VirtualClock();
  const system = createSystem({ clock, seed });
  const lifecycle: LifecycleRecord[] = [];
  system.lifecycle$.subscribe((record) => lifecycle.push(record));
  for (const id of ids) system.spawn(worker, { id, input: {} });
  const app = system.endpoint('app');
  const crash = (id: string) =>
    app.send({ performative: 'request', receiver: id, content: { kind: 'crash' } });
  return { clock, system, lifecycle, app, crash };
}

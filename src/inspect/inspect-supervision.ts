import type { Supervision } from '../supervision/supervision.js';
import { publishSupervisorPanels, supervisorPanels } from '../supervision/supervisor-panels.js';
import type { InspectCollector } from './inspect-collector.js';

/**
 * Shows a supervision in the inspector: the page's Emergency stop, Resume and chaos switch act through it
 * (a stop is its kill switch, so the halt is recorded and reported as supervision does), and its panels
 * (machine state, tripwires against their thresholds, restarts, the chaos log) follow every change. When
 * the supervision stops, its panels say so and the buttons go back to the systems' own controls. Returns a
 * function that undoes it sooner.
 *
 * @example
 * const supervision = supervise(system, { tripwires: [{ kind: 'budget' }] });
 * inspectSupervision(collector, supervision);
 */
export function inspectSupervision(collector: InspectCollector, supervision: Supervision): () => void {
  const controls = supervision.inspectorControls(() => collector.writeControls());
  const release = collector.useControls(controls);
  const panels = publishSupervisorPanels(supervision, (panel, data, id) =>
    collector.publishPanel(panel, data, id),
  );
  let linked = true;
  const unlink = () => {
    if (!linked) return;
    linked = false;
    panels.unsubscribe();
    controls.dispose();
    release();
  };
  // `state$` completes when the supervision stops.
  const ended = supervision.state$.subscribe({
    complete: () => {
      for (const { id, data } of supervisorPanels(supervision.state())) {
        collector.publishPanel('supervisor', { ...data, state: 'stopped' }, id);
      }
      unlink();
    },
  });
  return () => {
    ended.unsubscribe();
    unlink();
  };
}

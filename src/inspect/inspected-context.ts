import type { ScenarioContext } from '../scenarios/scenario.js';
import type { InspectCollector } from './inspect-collector.js';
import { inspectSupervision } from './inspect-supervision.js';
import type { InspectorServer } from './inspector-server.js';
import { type PaceOptions, pacedDrive } from './paced-drive.js';

/**
 * A scenario context whose systems are inspected: their actors report to `server`, each system the
 * scenario attaches is watched, each supervision it attaches drives the supervisor panel and the operator
 * buttons, and `drive` is paced so a person can follow it.
 *
 * @example
 * const { context } = inspectedContext(server, plainContext(1), 'market');
 * await market.run(flagDefaults(market.flags), context);
 */
export function inspectedContext(
  server: InspectorServer,
  base: ScenarioContext,
  name: string,
  pace: PaceOptions = {},
): { readonly context: ScenarioContext; readonly collector: InspectCollector } {
  const collector = server.collector(name);
  const context: ScenarioContext = {
    ...base,
    systemOptions: { ...base.systemOptions, inspect: collector.inspect },
    attach: (system) => {
      base.attach(system);
      collector.attach(system);
    },
    attachSupervision: (supervision) => {
      base.attachSupervision?.(supervision);
      inspectSupervision(collector, supervision);
    },
    drive: pacedDrive(pace),
  };
  return { context, collector };
}

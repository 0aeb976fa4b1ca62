import type { AgentSystem, Endpoint, TrustReport, TrustView } from '../index.js';
import type { ScenarioContext } from './scenario.js';

/**
 * Asks the ledger for trust over the bus (a `query-ref`), running the system until the answer is in.
 *
 * @example
 * const table = await queryTrust(system, context, observer, 'ledger');
 */
export async function queryTrust(
  system: AgentSystem,
  context: ScenarioContext,
  from: Endpoint,
  ledger: string,
  subject?: string,
): Promise<TrustView[]> {
  const answer = from.request(
    {
      performative: 'query-ref',
      receiver: ledger,
      content: subject === undefined ? { kind: 'trust-query' } : { kind: 'trust-query', subject },
    },
    1_000,
  );
  await context.drive(system, { until: system.clock.now() });
  const report = (await answer).content as TrustReport;
  return [...report.entries];
}

/**
 * Lays rows out as a left-aligned text table.
 *
 * @example
 * table([['agent', 'score'], ['a', '0.9']])
 */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd())
    .join('\n');
}

/** A number for people: fixed decimals, and words for what is not finite. */
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '—';
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

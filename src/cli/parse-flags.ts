import { parseArgs } from 'node:util';
import { type FlagSpec, flagDefaults } from '../scenarios/scenario.js';
import { UsageError } from './usage-error.js';

/** Flags every `polis run` takes. */
export const COMMON_FLAGS = [
  {
    name: 'seed',
    kind: 'integer',
    description: 'seed for every random choice; equal seeds give equal runs',
    default: 1,
    min: 0,
    max: 2 ** 32 - 1,
  },
  { name: 'json', kind: 'boolean', description: 'print the report as one JSON object', default: false },
] as const satisfies readonly FlagSpec[];

/**
 * Parses `args` against `specs`, refusing unknown flags, stray arguments and bad values with a message
 * that names the flag and what it takes.
 */
export function parseFlags(
  args: readonly string[],
  specs: readonly FlagSpec[],
  where: string,
): Record<string, unknown> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const spec of specs) options[spec.name] = { type: spec.kind === 'boolean' ? 'boolean' : 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    const known = specs.map((s) => `--${s.name}`).join(', ');
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (${where} takes ${known})`);
  }
  const values: Record<string, unknown> = flagDefaults(specs);
  for (const spec of specs) {
    const raw = parsed.values[spec.name];
    if (raw !== undefined) values[spec.name] = convert(spec, raw);
  }
  return values;
}

function convert(spec: FlagSpec, raw: string | boolean | (string | boolean)[]): unknown {
  const text = String(raw);
  switch (spec.kind) {
    case 'boolean':
      return raw === true;
    case 'integer':
    case 'number': {
      const value = Number(text);
      const whole = spec.kind === 'integer';
      if (text.trim() === '' || !Number.isFinite(value) || (whole && !Number.isInteger(value))) {
        throw new UsageError(`--${spec.name} takes ${whole ? 'a whole number' : 'a number'}, not '${text}'`);
      }
      if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
        throw new UsageError(
          `--${spec.name} must be between ${spec.min ?? '-∞'} and ${spec.max ?? '∞'}, not ${value}`,
        );
      }
      return value;
    }
    case 'string':
      if (spec.choices !== undefined && !spec.choices.includes(text)) {
        throw new UsageError(`--${spec.name} takes one of ${spec.choices.join(', ')}, not '${text}'`);
      }
      return text;
    case 'list': {
      const items = text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (items.length === 0) throw new UsageError(`--${spec.name} takes a comma-separated list`);
      const unknown = spec.choices === undefined ? [] : items.filter((item) => !spec.choices!.includes(item));
      if (unknown.length > 0) {
        throw new UsageError(
          `--${spec.name}: unknown ${unknown.join(', ')}; choose from ${spec.choices!.join(', ')}`,
        );
      }
      return items;
    }
  }
}

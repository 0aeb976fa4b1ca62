import { UsageError } from './usage-error.js';

/**
 * Takes `--inspect [port]` (or `--inspect=port`) and `--speed x` out of `polis run`'s arguments: the port
 * is optional, which the flag parser cannot express. Returns the port (0: pick a free one) or `undefined`
 * when absent, and the pace of the watched run (simulated ms per real ms).
 */
export function takeInspectFlag(args: readonly string[]): {
  rest: string[];
  inspect: number | undefined;
  speed: number | undefined;
} {
  const rest: string[] = [];
  let inspect: number | undefined;
  let speed: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--speed' || arg.startsWith('--speed=')) {
      const text = arg === '--speed' ? args[++i] : arg.slice('--speed='.length);
      speed = speedOf(text);
    } else if (arg === '--inspect') {
      const next = args[i + 1];
      if (next !== undefined && /^\d+$/.test(next)) {
        inspect = port(next);
        i++;
      } else {
        inspect = 0;
      }
    } else if (arg.startsWith('--inspect=')) {
      inspect = port(arg.slice('--inspect='.length));
    } else {
      rest.push(arg);
    }
  }
  if (speed !== undefined && inspect === undefined) {
    throw new UsageError('--speed paces a run you watch; add --inspect');
  }
  return { rest, inspect, speed };
}

function speedOf(text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 1e6) {
    throw new UsageError(
      `--speed takes simulated ms per real ms, a number above 0 (e.g. 2), not '${text ?? ''}'`,
    );
  }
  return value;
}

/** Parses a port number, 0 meaning "any free port". */
export function port(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65_535) {
    throw new UsageError(`a port is a whole number from 0 to 65535 (0 picks a free one), not '${text}'`);
  }
  return value;
}

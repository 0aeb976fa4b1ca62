/** Small formatting helpers for the page. */

/** A state value in one line: `busy.thinking`, or `a.x | b.y` for parallel states. */
export function stateText(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  const parts = Object.entries(value).map(([key, sub]) => {
    const inner = stateText(sub);
    return inner === '—' || (typeof sub === 'object' && sub !== null && Object.keys(sub).length === 0)
      ? key
      : `${key}.${inner}`;
  });
  return parts.length === 1 ? parts[0]! : parts.join(' | ');
}

export function clock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n * 10) / 10);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

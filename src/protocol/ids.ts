/**
 * The id grammar shared by agents, topics, envelopes and conversations: 1–128 ASCII letters, digits and
 * `-_.:`. Anything else is refused with the position and the reason, so `аlice` (Cyrillic `а`) can never
 * pass for `alice`.
 */

/** An agent's id, e.g. `bidder-7` or `market.manager:1`. */
export type AgentId = string;

export const MAX_ID_LENGTH = 128;

const ID_CHAR = /^[A-Za-z0-9_.:-]$/;
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Non-ASCII letters that render like ASCII ones: the usual disguises of a forged id. */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  в: 'B',
  е: 'e',
  к: 'K',
  м: 'M',
  н: 'H',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 'T',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  α: 'a',
  ο: 'o',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ı: 'i',
  ℓ: 'l',
  '‐': '-',
  '‑': '-',
  '–': '-',
  '—': '-',
  '․': '.',
  '∶': ':',
  '＿': '_',
};

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const lookAlike =
    LOOK_ALIKES[ch] ?? (cp >= 0xff01 && cp <= 0xff5e ? String.fromCharCode(cp - 0xfee0) : undefined);
  if (lookAlike !== undefined) return `a look-alike of '${lookAlike}' (${codePoint(ch)})`;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) return `a control character (${codePoint(ch)})`;
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x2060 || cp === 0xfeff) {
    return `an invisible character (${codePoint(ch)})`;
  }
  if (cp > 0x7f) return `a non-ASCII character (${codePoint(ch)})`;
  return `'${ch}', which ids do not allow`;
}

/**
 * Why `value` is not a valid id, or `undefined` when it is. `what` names the id in the message.
 *
 * @example
 * idProblem('аlice', 'agent id') // "agent id 'аlice' has a look-alike of 'a' (U+0430) at 0; use ASCII letters, digits and -_.:"
 */
export function idProblem(value: unknown, what = 'id'): string | undefined {
  if (typeof value !== 'string') return `${what} must be a string, not ${describeType(value)}`;
  if (ID.test(value)) return undefined;
  if (value.length === 0) return `${what} is empty; give 1 to ${MAX_ID_LENGTH} characters`;
  if (value.length > MAX_ID_LENGTH) {
    return `${what} has ${value.length} characters; the limit is ${MAX_ID_LENGTH}`;
  }
  let index = 0;
  for (const ch of value) {
    if (!ID_CHAR.test(ch)) {
      return `${what} '${printable(value)}' has ${describeChar(ch)} at ${index}; use ASCII letters, digits and -_.:`;
    }
    index += ch.length;
  }
  return `${what} '${printable(value)}' is not valid; use ASCII letters, digits and -_.:`;
}

/** True when `value` follows the id grammar. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/** Shows control characters as escapes so an error message never carries them raw. */
export function printable(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return shown.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A short, human name for the type of an unexpected value. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  return t === 'object' ? 'an object' : `a ${t}`;
}

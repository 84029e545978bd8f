import { Transform } from 'class-transformer';

/**
 * `"a, b,,c"` → `['a', 'b', 'c']`. Pair with `@IsArray()` and per-item validators (`{ each: true }`).
 * An unset variable keeps the property initialiser (usually `[]`).
 */
export function CommaSeparated(): PropertyDecorator {
  return Transform(({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }) => {
    const raw = obj[key] ?? value;
    if (typeof raw !== 'string') return raw;
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  });
}

/**
 * `true/false/1/0/yes/no` (any case) → boolean; anything else stays a string so `@IsBoolean()` fails
 * and names the key. Needed because implicit conversion would turn `"false"` into `true`.
 */
export function BooleanString(): PropertyDecorator {
  return Transform(({ obj, key, value }: { obj: Record<string, unknown>; key: string; value: unknown }) => {
    const raw = obj[key] ?? value;
    if (typeof raw !== 'string') return raw;
    const normalised = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(normalised)) return true;
    if (FALSE_WORDS.has(normalised)) return false;
    return raw;
  });
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

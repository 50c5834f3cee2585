/**
 * A small seeded PRNG (mulberry32): samples must be byte-identical run after run, so nothing
 * here may touch Math.random or the clock.
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `[[weight, value], …]`. */
  weighted<T>(table: readonly (readonly [number, T])[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  hex(digits: number, upper?: boolean): string;
  /** `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`, as Windows writes GUIDs. */
  guid(upper?: boolean): string;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const hex = (digits: number, upper = false): string => {
    let out = '';
    for (let i = 0; i < digits; i++) out += '0123456789abcdef'[int(0, 15)];
    return upper ? out.toUpperCase() : out;
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    weighted: <T>(table: readonly (readonly [number, T])[]): T => {
      const last = table.at(-1);
      if (!last) throw new RangeError('weighted pick from an empty table');
      let roll = next() * table.reduce((sum, [weight]) => sum + weight, 0);
      for (const [weight, value] of table) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return last[1];
    },
    chance: (p: number) => next() < p,
    hex,
    guid: (upper = false) =>
      `{${hex(8, upper)}-${hex(4, upper)}-${hex(4, upper)}-${hex(4, upper)}-${hex(12, upper)}}`,
  };
}

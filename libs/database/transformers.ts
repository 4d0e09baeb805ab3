import type { ValueTransformer } from 'typeorm';

/** bigint columns holding integer fen: PostgreSQL returns strings; we refuse anything unsafe. */
export const fenTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => {
    if (value === null || value === undefined) return value;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new RangeError(`fen amount out of safe range: ${value}`);
    return n;
  },
};

/**
 * Every figure of a policy document as an editable leaf, for the policy editor: numbers, amounts
 * (keys with `Fen`, shown and typed in yuan), switches, texts and short lists. Lists of entries with
 * a `code` are labelled by it (programs[illness].maxAmountFen, the path the version diff shows);
 * the leaf keeps the real indexes to write the value back. Pure: no React, no I/O.
 */
import { parseYuan } from '../../format';

export type Scalar = string | number | boolean | null;
export type LeafKind = 'fen' | 'number' | 'boolean' | 'text' | 'list';

export interface PolicyLeaf {
  /** Shown and used to match the version diff: localities[370000].dibaoFenPerPersonMonth */
  path: string;
  /** The real location: ['localities', 0, 'dibaoFenPerPersonMonth'] */
  tokens: Array<string | number>;
  /** The top-level section (programs, loan, accounts…). */
  section: string;
  kind: LeafKind;
  value: Scalar | Scalar[];
}

const isScalar = (v: unknown): v is Scalar =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);

function kindOf(key: string, value: unknown): LeafKind {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'boolean') return 'boolean';
  if (/Fen/.test(key)) return 'fen';
  if (typeof value === 'number') return 'number';
  return 'text';
}

/** The leaves of a policy document, in document order. */
export function policyLeaves(data: unknown): PolicyLeaf[] {
  const out: PolicyLeaf[] = [];
  const walk = (value: unknown, path: string, tokens: Array<string | number>, key: string) => {
    if (Array.isArray(value)) {
      if (value.every(isScalar)) {
        out.push({ path, tokens, section: String(tokens[0]), kind: 'list', value: value as Scalar[] });
        return;
      }
      value.forEach((v, i) => {
        const code = v && typeof v === 'object' ? (v as { code?: unknown }).code : undefined;
        walk(v, `${path}[${typeof code === 'string' ? code : i}]`, [...tokens, i], key);
      });
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, [...tokens, k], k);
      return;
    }
    out.push({ path, tokens, section: String(tokens[0]), kind: kindOf(key, value), value: value as Scalar });
  };
  walk(data, '', [], '');
  return out;
}

/** A copy of `data` with the leaf at `tokens` set to `value`. */
export function withValue<T>(data: T, tokens: ReadonlyArray<string | number>, value: unknown): T {
  const copy = structuredClone(data);
  let node = copy as unknown as Record<string | number, unknown>;
  tokens.slice(0, -1).forEach((t) => {
    node = node[t] as Record<string | number, unknown>;
  });
  node[tokens[tokens.length - 1]!] = value;
  return copy;
}

/** The leaf's value as the editor shows it in its input (amounts in yuan, lists comma-separated). */
export function leafInput(leaf: PolicyLeaf): string | boolean {
  const v = leaf.value;
  if (leaf.kind === 'boolean') return v === true;
  if (v === null) return '';
  if (leaf.kind === 'list') return (v as Scalar[]).join(', ');
  if (leaf.kind === 'fen') {
    const fen = Number(v);
    return `${Math.trunc(fen / 100)}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;
  }
  return String(v);
}

export type Parsed = { ok: true; value: Scalar | Scalar[] } | { ok: false; reason: 'amount' | 'number' };

/** What a person typed for a leaf → the value to store; an empty box is null where the leaf may be null. */
export function parseLeafInput(leaf: PolicyLeaf, raw: string | boolean): Parsed {
  if (leaf.kind === 'boolean') return { ok: true, value: raw === true };
  const s = String(raw).trim();
  if (s === '' && leaf.value === null) return { ok: true, value: null };
  switch (leaf.kind) {
    case 'fen': {
      const fen = parseYuan(s);
      return fen === null ? { ok: false, reason: 'amount' } : { ok: true, value: fen };
    }
    case 'number': {
      const n = Number(s.replace(/[,，]/g, ''));
      return s === '' || !Number.isFinite(n) ? { ok: false, reason: 'number' } : { ok: true, value: n };
    }
    case 'list': {
      const parts = s === '' ? [] : s.split(/[,，、\s]+/).filter(Boolean);
      const numeric =
        (leaf.value as Scalar[]).length > 0 && (leaf.value as Scalar[]).every((x) => typeof x === 'number');
      if (!numeric) return { ok: true, value: parts };
      const nums = parts.map(Number);
      return nums.every(Number.isFinite) ? { ok: true, value: nums } : { ok: false, reason: 'number' };
    }
    default:
      return { ok: true, value: s };
  }
}

/** Whether a parsed value differs from the leaf's current one. */
export function changed(leaf: PolicyLeaf, value: Scalar | Scalar[]): boolean {
  return JSON.stringify(leaf.value) !== JSON.stringify(value);
}

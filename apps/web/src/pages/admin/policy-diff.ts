/** One changed figure between two policy versions. */
export interface PolicyChange {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

/** Leaves of a policy document by path; list entries with a `code` are keyed by it (localities[370000]). */
function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    const keyed = value.every(
      (v) => v && typeof v === 'object' && typeof (v as { code?: unknown }).code === 'string',
    );
    if (!keyed) {
      out.set(path, JSON.stringify(value));
      return;
    }
    for (const v of value) flatten(v, `${path}[${(v as { code: string }).code}]`, out);
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
    return;
  }
  out.set(path, JSON.stringify(value));
}

/** Every figure that differs between two policy documents (added, removed or changed), by path. */
export function diffPolicies(a: unknown, b: unknown): PolicyChange[] {
  const before = new Map<string, string>();
  const after = new Map<string, string>();
  flatten(a, '', before);
  flatten(b, '', after);
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths
    .filter((p) => before.get(p) !== after.get(p))
    .map((path) => ({ path, before: before.get(path), after: after.get(path) }));
}

/**
 * Stage routing by program and amount: which approval stages an aid case passes through.
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins).
 */
import { isFen } from './money';
import type { PolicyData, StageDef } from './policy-types';

/** Routing rule program value that matches any program. */
export const ANY_PROGRAM = '*';

/**
 * The approval stages of an aid case: the first routing rule whose program matches (exact code or
 * "*") and whose upToFen bounds the amount (amountFen <= upToFen; null = unbounded). Throws when no
 * rule matches or a rule names an undefined stage (a validated policy never does).
 */
export function routeStages(policy: PolicyData, programCode: string, amountFen: number): StageDef[] {
  if (!isFen(amountFen) || amountFen < 0) {
    throw new RangeError(`amountFen must be a whole number of fen ≥ 0, got ${amountFen}`);
  }
  const rule = policy.routing.find(
    (r) =>
      (r.program === ANY_PROGRAM || r.program === programCode) &&
      (r.upToFen === null || amountFen <= r.upToFen),
  );
  if (!rule) {
    throw new Error(`no routing rule matches program "${programCode}" and amount ${amountFen} fen`);
  }
  return rule.stages.map((code) => {
    const stage = policy.stages.find((s) => s.code === code);
    if (!stage) throw new Error(`routing refers to undefined stage "${code}"`);
    return { ...stage };
  });
}

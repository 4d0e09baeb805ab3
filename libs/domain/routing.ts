/**
 * Stage routing by amount: which approval stages an aid case (by program and amount) and an aid
 * loan (by amount) pass through.
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins).
 */
import { isFen } from './money';
import type { LoanPolicy, PolicyData, StageDef } from './policy-types';

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

/** Stages of a loan application of this amount. */
export function routeLoanStages(loan: LoanPolicy, stages: StageDef[], amountFen: number): StageDef[] {
  const rule =
    loan.routing.find((r) => r.upToFen === null || amountFen <= r.upToFen) ??
    loan.routing[loan.routing.length - 1]!;
  return stageDefs(stages, rule.stages);
}

export function stageDefs(stages: StageDef[], codes: string[]): StageDef[] {
  return codes.map((c) => {
    const s = stages.find((x) => x.code === c);
    if (!s) throw new Error(`loan policy refers to undefined stage ${c}`);
    return s;
  });
}

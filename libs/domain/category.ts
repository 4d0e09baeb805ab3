/**
 * Hardship category (困难类别认定) from the household figures and the policy's 低保 standards.
 *
 * Pure and deterministic: imported by Temporal workflow code, so no I/O, no Node built-ins, no
 * framework imports. Money is integer fen; the rule compares by cross-multiplying in BigInt so no
 * float ever decides a boundary.
 */
import { formatFen, isFen } from './money';
import {
  CATEGORY_LABELS,
  type CategoryDecision,
  type HardshipCategory,
  type HouseholdFigures,
  type PolicyData,
} from './policy-types';

/** All hardship categories, most severe first (the precedence computeCategory applies). */
export const HARDSHIP_CATEGORY_CODES: readonly HardshipCategory[] = ['deep', 'accident', 'relative'];

/** 低保 of a locality, fen per person per month. */
export function dibaoFor(policy: PolicyData, localityCode: string): number | undefined {
  return policy.localities.find((l) => l.code === localityCode)?.dibaoFenPerPersonMonth;
}

/** Floor division for BigInt (BigInt `/` truncates towards zero). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/** ceil / floor of (n × pct / 100) in fen, for display of a percentage of 低保. */
function percentOf(fen: number, pct: number, round: 'floor' | 'ceil'): number {
  const n = BigInt(fen) * BigInt(pct);
  const q = floorDiv(n, 100n);
  return Number(round === 'ceil' && q * 100n !== n ? q + 1n : q);
}

function assertFigures(figures: HouseholdFigures): void {
  if (!Number.isSafeInteger(figures.members) || figures.members < 1) {
    throw new RangeError(`members must be a whole number ≥ 1, got ${figures.members}`);
  }
  for (const key of ['annualIncomeFen', 'annualRigidExpensesFen', 'annualHardshipCostsFen'] as const) {
    const value = figures[key];
    if (!isFen(value) || value < 0)
      throw new RangeError(`${key} must be a whole number of fen ≥ 0, got ${value}`);
  }
}

const ALSO_MEETS_EN: Record<HardshipCategory, string> = {
  deep: 'deep hardship',
  relative: 'relative hardship',
  accident: 'accident-caused hardship',
};

/**
 * Sets the hardship category from the household figures.
 *
 * Per-capita monthly figure = (annual income − rigid expenses) ÷ 12 ÷ members, compared exactly by
 * cross-multiplying (no floats); `perCapitaMonthlyFen` stores its floor and may be negative.
 * - deep 深度困难: figure < 低保;
 * - relative 相对困难: figure < relativeMultiplierPercent% × 低保;
 * - accident 意外致困: an accident event, or hardship costs > accidentCostSharePercent% of income
 *   (any costs count as over when income is 0).
 * A household may meet several; the most severe wins: deep, then accident, then relative. Equality
 * never qualifies (exactly 低保 is not deep, exactly 2 × 低保 is not relative, exactly 80% is not
 * accident). Throws on an unknown locality or malformed figures.
 */
export function computeCategory(
  figures: HouseholdFigures,
  policy: PolicyData,
  policyVersion: number,
): CategoryDecision {
  assertFigures(figures);
  const dibaoFen = dibaoFor(policy, figures.localityCode);
  if (dibaoFen === undefined) {
    const known = policy.localities.map((l) => l.code).join(', ') || 'none';
    throw new Error(
      `unknown locality "${figures.localityCode}": policy version ${policyVersion} has no 低保 standard for it (known: ${known})`,
    );
  }
  const { relativeMultiplierPercent: relPct, accidentCostSharePercent: accPct } = policy.category;

  const net = BigInt(figures.annualIncomeFen) - BigInt(figures.annualRigidExpensesFen);
  const personMonths = 12n * BigInt(figures.members);
  const dibaoPerHouseholdYear = BigInt(dibaoFen) * personMonths;
  const perCapitaMonthlyFen = Number(floorDiv(net, personMonths));

  const deep = net < dibaoPerHouseholdYear;
  const relative = 100n * net < BigInt(relPct) * dibaoPerHouseholdYear;
  const costsOver =
    100n * BigInt(figures.annualHardshipCostsFen) > BigInt(accPct) * BigInt(figures.annualIncomeFen);
  const accident = figures.accidentEvent || costsOver;

  const met = HARDSHIP_CATEGORY_CODES.filter((code) => ({ deep, accident, relative })[code]);
  const category = met[0] ?? null;

  const perCapita = `人均月收入 ${formatFen(perCapitaMonthlyFen)} 元`;
  const dibao = `低保 ${formatFen(dibaoFen)} 元`;
  let reason: string;
  switch (category) {
    case 'deep':
      reason = `${perCapita} < ${dibao} (per-capita monthly income below the minimum living standard)`;
      break;
    case 'accident':
      reason = figures.accidentEvent
        ? '因灾害、重大事故、疫情或公共安全事件致伤、致残、致亡 (injured, disabled or killed in a disaster, major accident, epidemic or public-security event)'
        : `年度致困支出 ${formatFen(figures.annualHardshipCostsFen)} 元 > 家庭年收入 ${formatFen(figures.annualIncomeFen)} 元的 ${accPct}% (the year's hardship costs exceed ${accPct}% of household income)`;
      break;
    case 'relative':
      // ceil keeps the shown inequality true when the threshold has a fraction of a fen
      reason = `${perCapita} ≥ ${dibao}，但 < 低保的 ${relPct}% ${formatFen(percentOf(dibaoFen, relPct, 'ceil'))} 元 (per-capita monthly income below ${relPct}% of the minimum living standard)`;
      break;
    default:
      reason = `${perCapita} ≥ 低保的 ${relPct}% ${formatFen(percentOf(dibaoFen, relPct, 'floor'))} 元，且无意外致困情形 (per-capita monthly income not below ${relPct}% of the minimum living standard, and no accident-caused hardship)`;
  }
  for (const other of met.slice(1)) {
    if (other === 'relative' && deep) continue; // deep implies relative; not worth saying
    reason += `；同时符合${CATEGORY_LABELS[other].zh} (also meets ${ALSO_MEETS_EN[other]})`;
  }

  return {
    category,
    policyVersion,
    inputs: {
      members: figures.members,
      annualIncomeFen: figures.annualIncomeFen,
      annualRigidExpensesFen: figures.annualRigidExpensesFen,
      annualHardshipCostsFen: figures.annualHardshipCostsFen,
      accidentEvent: figures.accidentEvent,
      localityCode: figures.localityCode,
      perCapitaMonthlyFen,
      dibaoFen,
    },
    reason,
  };
}

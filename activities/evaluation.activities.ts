import { chinaDate } from '../libs/domain/calendar';
import { annualEvaluationDue } from '../libs/domain/evaluation';
import type { EvaluationRepository } from '../libs/evaluation/evaluation.repository';
import type { PolicyRepository } from '../libs/policy/policy.repository';

/** Effect evaluation (帮扶效果评估): the daily sweep writes the evaluations due today, set-based. */
export function createEvaluationActivities({
  evaluation,
  policy,
}: {
  evaluation: EvaluationRepository;
  policy: PolicyRepository;
}) {
  return {
    /** Exited files without an evaluation; active files once a year from the policy's month. Idempotent. */
    async writeDueEvaluations(): Promise<{ exit: number; annual: number }> {
      const today = chinaDate(new Date());
      const p = await policy.current();
      return evaluation.write(today, annualEvaluationDue(today, p.data.evaluation.annualMonth));
    },
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { OPEN_CASE_STATUSES } from '../domain/aid-case';
import { DomainError, FailureType } from '../domain/errors';
import { formatFen } from '../domain/money';
import type { LoanLadderStep } from '../domain/policy-types';
import { OutboxRepository } from '../notifications/outbox.repository';
import { TasksRepository } from '../tasks/tasks.repository';

/**
 * Servicing a disbursed loan: collection holds and pauses, reminders before due dates (outbox
 * notification and caseworker inbox item) and the overdue ladder's notices.
 */
@Injectable()
export class LoanServicingRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
    private readonly outbox: OutboxRepository,
    private readonly tasks: TasksRepository,
  ) {}

  /** Collection is held while the borrower has an open hospitalisation event or a pending aid case. */
  async collectionHold(c: {
    loanId: string;
  }): Promise<{ held: boolean; reason: 'hospitalisation' | 'aid_case' | null; sourceId: string | null }> {
    const [row] = (await this.ds.query(
      `SELECT reason, source_id FROM (
         SELECT 'hospitalisation' AS reason, e.id AS source_id, 1 AS o FROM loans l JOIN early_warning_events e ON e.worker_id = l.worker_id
          WHERE l.id = $1 AND e.kind = 'hospitalisation' AND e.status = 'open'
         UNION ALL
         SELECT 'aid_case', c.id, 2 FROM loans l JOIN aid_cases c ON c.worker_id = l.worker_id OR (l.household_id IS NOT NULL AND c.household_id = l.household_id)
          WHERE l.id = $1 AND c.status = ANY($2::text[])
       ) h ORDER BY o LIMIT 1`,
      [c.loanId, OPEN_CASE_STATUSES],
    )) as Array<{ reason: 'hospitalisation' | 'aid_case'; source_id: string }>;
    return row
      ? { held: true, reason: row.reason, sourceId: row.source_id }
      : { held: false, reason: null, sourceId: null };
  }

  async startPause(p: {
    loanId: string;
    workflowId: string;
    reason: 'hospitalisation' | 'aid_case';
    sourceId: string | null;
    at: string;
    n: number;
  }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `INSERT INTO loan_collection_pauses (loan_id, reason, source_id, started_at, idempotency_key)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
        [p.loanId, p.reason, p.sourceId, p.at, `${p.workflowId}:pause:${p.n}`],
      )) as unknown[];
      if (rows.length)
        await this.audit.append(
          {
            actorId: null,
            action: 'loan.collection_paused',
            entityType: 'loan',
            entityId: p.loanId,
            workflowId: p.workflowId,
            details: { reason: p.reason, sourceId: p.sourceId },
          },
          em,
        );
    });
  }

  async endPause(p: { loanId: string; workflowId: string; at: string }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const rows = (await em.query(
        `UPDATE loan_collection_pauses SET ended_at = $2 WHERE loan_id = $1 AND ended_at IS NULL RETURNING id`,
        [p.loanId, p.at],
      )) as unknown[];
      if (rows.length)
        await this.audit.append(
          {
            actorId: null,
            action: 'loan.collection_resumed',
            entityType: 'loan',
            entityId: p.loanId,
            workflowId: p.workflowId,
          },
          em,
        );
    });
  }

  /**
   * A reminder before a due date: a notification to the borrower (outbox) and an inbox item for the
   * borrower's caseworker (task 'loan_reminder'). Recorded once per (schedule version, instalment, offset).
   */
  async recordReminder(r: {
    loanId: string;
    workflowId: string;
    scheduleVersion: number;
    seq: number;
    offsetDays: number;
    dueDate: string;
    amountDueFen: number;
  }): Promise<{ taskId: string | null }> {
    return this.ds.transaction(async (em) => {
      const [l] = (await em.query(
        `SELECT l.loan_no, l.worker_id, w.caseworker_id, l.org_unit_id, o.path FROM loans l JOIN workers w ON w.id = l.worker_id
           JOIN org_units o ON o.id = l.org_unit_id WHERE l.id = $1`,
        [r.loanId],
      )) as Array<{
        loan_no: string;
        worker_id: string;
        caseworker_id: string | null;
        org_unit_id: string;
        path: string;
      }>;
      if (!l) throw new DomainError(FailureType.NotFound, `loan ${r.loanId} not found`);
      const step = `${r.scheduleVersion}-${r.seq}-${r.offsetDays}`;
      const amount = formatFen(r.amountDueFen);
      await this.outbox.enqueue(em, {
        key: `${r.workflowId}:reminder:${step}`,
        recipientKind: 'worker',
        recipientId: l.worker_id,
        template: 'loan_reminder',
        subject: `借款还款提醒 Loan repayment reminder ${l.loan_no}`,
        body: `您的借款 ${l.loan_no} 第${r.seq}期 ${amount} 元将于 ${r.dueDate} 到期，请按时还款。Instalment ${r.seq} of loan ${l.loan_no} (${amount} yuan) is due on ${r.dueDate}.`,
        loanId: r.loanId,
      });
      let taskId: string | null = null;
      if (l.caseworker_id) {
        await this.outbox.enqueue(em, {
          key: `${r.workflowId}:reminder-cw:${step}`,
          recipientKind: 'user',
          recipientId: l.caseworker_id,
          template: 'loan_reminder_caseworker',
          subject: `职工借款即将到期 Loan instalment due soon ${l.loan_no}`,
          body: `借款 ${l.loan_no} 第${r.seq}期 ${amount} 元将于 ${r.dueDate} 到期。Instalment ${r.seq} of ${l.loan_no} (${amount} yuan) is due on ${r.dueDate}.`,
          loanId: r.loanId,
        });
        taskId = await this.tasks.openDueOn(em, {
          key: `${r.workflowId}:task:loan_reminder:${step}:0`,
          type: 'loan_reminder',
          subjectType: 'loan',
          subjectId: r.loanId,
          workflowId: r.workflowId,
          stage: 'reminder',
          candidateRole: 'caseworker',
          orgUnitId: l.org_unit_id,
          orgPath: l.path,
          assigneeId: l.caseworker_id,
          dueOn: r.dueDate,
          payload: {
            loanNo: l.loan_no,
            seq: r.seq,
            dueDate: r.dueDate,
            amountFen: r.amountDueFen,
            offsetDays: r.offsetDays,
          },
        });
      }
      await this.audit.append(
        {
          actorId: null,
          action: 'loan.reminder',
          entityType: 'loan',
          entityId: r.loanId,
          workflowId: r.workflowId,
          details: {
            seq: r.seq,
            dueDate: r.dueDate,
            offsetDays: r.offsetDays,
            amountDueFen: r.amountDueFen,
            scheduleVersion: r.scheduleVersion,
          },
        },
        em,
      );
      return { taskId };
    });
  }

  /** Reminder inbox items lapse once their due date has been checked (or the loan is settled). */
  async closeReminderTasks(c: { workflowId: string; taskIds: string[] }): Promise<void> {
    await this.tasks.cancelTasks(c);
  }

  /** An overdue-ladder notice to the borrower (and the step recorded on the timeline). */
  async recordLadderStep(s: {
    loanId: string;
    workflowId: string;
    episode: string;
    step: LoanLadderStep;
    daysOverdue: number;
    overdueFen: number;
  }): Promise<void> {
    await this.ds.transaction(async (em) => {
      const [l] = (await em.query(`SELECT loan_no, worker_id FROM loans WHERE id = $1`, [
        s.loanId,
      ])) as Array<{
        loan_no: string;
        worker_id: string;
      }>;
      if (!l) throw new DomainError(FailureType.NotFound, `loan ${s.loanId} not found`);
      if (s.step.action === 'notice') {
        const amount = formatFen(s.overdueFen);
        await this.outbox.enqueue(em, {
          key: `${s.workflowId}:ladder:${s.episode}:${s.step.afterDays}`,
          recipientKind: 'worker',
          recipientId: l.worker_id,
          template: 'loan_overdue_notice',
          subject: `借款逾期通知 Loan overdue notice ${l.loan_no}`,
          body: `您的借款 ${l.loan_no} 已逾期，逾期金额 ${amount} 元，请尽快还款或联系工会。Loan ${l.loan_no} is overdue by ${amount} yuan; please repay or contact the union.`,
          loanId: s.loanId,
        });
      }
      const [seen] = (await em.query(
        `SELECT 1 FROM audit_log WHERE entity_type = 'loan' AND entity_id = $1 AND action = 'loan.ladder' AND details->>'key' = $2`,
        [s.loanId, `${s.episode}:${s.step.afterDays}`],
      )) as unknown[];
      if (!seen)
        await this.audit.append(
          {
            actorId: null,
            action: 'loan.ladder',
            entityType: 'loan',
            entityId: s.loanId,
            workflowId: s.workflowId,
            details: {
              key: `${s.episode}:${s.step.afterDays}`,
              action: s.step.action,
              afterDays: s.step.afterDays,
              daysOverdue: s.daysOverdue,
              overdueFen: s.overdueFen,
            },
          },
          em,
        );
    });
  }
}

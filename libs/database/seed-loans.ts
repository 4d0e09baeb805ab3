import type { EntityManager } from 'typeorm';
import { addMonths, buildSchedule, chinaDateOf } from '../domain/loan';
import { yuanToFen } from '../domain/money';
import type { PiiCipher } from '../security/pii';
import { refreshOldestUnpaid } from '../loans/oldest-unpaid.sql';

/**
 * Demo loans (development only, called from seedDemoData): a loan fund of 200,000 yuan in the
 * mutual-aid fund, one loan repaying on time (吴秀兰, E1002) and one overdue (周建国, E1001), with
 * their disbursements and repayments in the ledger. Seeding writes records only; their `loan:<id>`
 * workflows are started, in servicing, by the worker at start-up (apps/worker/src/loan-adoption.service.ts,
 * for every active/overdue loan without a running workflow), so repayments, requests, reminders and the
 * overdue ladder work on them as on a loan applied for through the API. The overdue one is 58 days
 * past its oldest due date, so its first start catches up the ladder: notice, visit, escalation.
 */
export async function seedDemoLoans(
  em: EntityManager,
  users: ReadonlyMap<string, string>,
  policyVersion: number,
  pii: PiiCipher,
): Promise<void> {
  const finance = users.get('finance')!;
  const today = chinaDateOf(Date.now());
  const year = Number(today.slice(0, 4));
  const [budget] = (await em.query(
    `INSERT INTO budgets (fund_source, program_code, year) VALUES ('mutual_aid', 'loan_fund', $1)
     ON CONFLICT (fund_source, program_code, year) DO UPDATE SET year = EXCLUDED.year RETURNING id`,
    [year],
  )) as Array<{ id: string }>;
  await em.query(
    `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, actor_id) VALUES ($1, $2, 'allocation', $3, $4)`,
    [`allocation:demo-loan_fund-${year}`, budget!.id, yuanToFen(200_000), finance],
  );
  const demo = [
    {
      employeeNo: 'E1002',
      amountFen: yuanToFen(6_000),
      term: 12,
      monthsAgo: 2,
      paidInstalments: 2,
      purpose: '子女上学急需学费',
    },
    {
      employeeNo: 'E1001',
      amountFen: yuanToFen(3_000),
      term: 6,
      monthsAgo: 4,
      paidInstalments: 1,
      purpose: '家中房屋漏雨维修',
    },
  ];
  for (const d of demo) {
    const [w] = (await em.query(
      `SELECT id, org_unit_id, household_id, caseworker_id FROM workers WHERE employee_no = $1`,
      [d.employeeNo],
    )) as Array<{ id: string; org_unit_id: string; household_id: string; caseworker_id: string }>;
    const [{ id }] = (await em.query(`SELECT gen_random_uuid() AS id`)) as Array<{ id: string }>;
    const disbursedOn = addMonths(today, -d.monthsAgo);
    const schedule = buildSchedule(d.amountFen, d.term, disbursedOn);
    const repaid = schedule.slice(0, d.paidInstalments).reduce((n, i) => n + i.amountFen, 0);
    const overdue = schedule.some((i, k) => k >= d.paidInstalments && i.dueDate < today);
    await em.query(
      `INSERT INTO loans (id, loan_no, workflow_id, worker_id, household_id, org_unit_id, amount_fen, term_months, purpose_enc, status,
                          policy_version, created_by, budget_id, fund_source, disbursed_on, disbursement_reference, schedule_version, repaid_fen,
                          created_at)
       VALUES ($1, 'LN-' || $2 || '-' || lpad(nextval('loan_no_seq')::text, 6, '0'), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
               'mutual_aid', $14, $15, 1, $16, $14::date)`,
      [
        id,
        String(year),
        `loan:${id}`,
        w!.id,
        w!.household_id,
        w!.org_unit_id,
        d.amountFen,
        d.term,
        pii.encrypt(d.purpose),
        overdue ? 'overdue' : 'active',
        policyVersion,
        w!.caseworker_id,
        budget!.id,
        disbursedOn,
        `DEMO-DISB-${d.employeeNo}`,
        repaid,
      ],
    );
    await em.query(
      `INSERT INTO loan_schedule_versions (loan_id, version, reason, term_months, principal_fen, start_date, approved_by, request_key)
       VALUES ($1, 1, 'disbursement', $2, $3, $4, $5, $6)`,
      [id, d.term, d.amountFen, disbursedOn, finance, `loan:${id}:schedule:1`],
    );
    let cum = 0;
    for (const i of schedule) {
      cum += i.amountFen;
      await em.query(
        `INSERT INTO loan_instalments (loan_id, version, seq, due_date, amount_fen, cum_due_fen) VALUES ($1, 1, $2, $3, $4, $5)`,
        [id, i.seq, i.dueDate, i.amountFen, cum],
      );
    }
    await refreshOldestUnpaid(em, id);
    const entries: Array<[string, string, number, string | null, string | null]> = [
      [`loan:${id}:reservation`, 'reservation', d.amountFen, null, null],
      [`loan:${id}:release`, 'release', d.amountFen, null, null],
      [`loan:${id}:disbursement`, 'loan_disbursement', d.amountFen, `DEMO-DISB-${d.employeeNo}`, disbursedOn],
      ...schedule
        .slice(0, d.paidInstalments)
        .map((i): [string, string, number, string, string] => [
          `loan-repayment:${id}:ref:DEMO-PAY-${d.employeeNo}-${i.seq}`,
          'loan_repayment',
          i.amountFen,
          `DEMO-PAY-${d.employeeNo}-${i.seq}`,
          i.dueDate,
        ]),
    ];
    for (const [key, kind, amount, reference, paidOn] of entries) {
      await em.query(
        `INSERT INTO ledger_entries (idempotency_key, budget_id, kind, amount_fen, loan_id, reference, actor_id, paid_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [key, budget!.id, kind, amount, id, reference, finance, paidOn],
      );
    }
  }
}

import { addDays, chinaInstant, type InstalmentState, type LoanSnapshot } from '../../libs/domain/loan';
import type { LoanLadderStep } from '../../libs/domain/policy-types';

/**
 * What the loan's servicing loop waits for, computed from the ledger as it stands (pure: no
 * Temporal, no clock; the workflow passes its time in). Kept beside the workflow rather than in
 * libs/domain/loan.ts because its keys are the workflow's own `done` keys.
 */

export const DAY = 24 * 60 * 60 * 1000;

/**
 * One event of the servicing loop. `key` goes into the workflow's `done` set once handled:
 * reminders `r:<version>:<seq>:<offset>`, due dates `d:<version>:<seq>`, ladder steps
 * `l:<episode>:<afterDays>`.
 */
export type LoanEvent =
  | { at: number; key: string; kind: 'reminder'; inst: InstalmentState; offset: number }
  | { at: number; key: string; kind: 'tick'; inst: InstalmentState }
  | { at: number; key: string; kind: 'ladder'; inst: InstalmentState; step: LoanLadderStep };

export type LadderEvent = Extract<LoanEvent, { kind: 'ladder' }>;
export type ReminderEvent = Extract<LoanEvent, { kind: 'reminder' }>;

/** What the next events are computed from: the ledger's view and the workflow's own keys and clocks. */
export interface LoanEventInput {
  /** Workflow time now (ms). */
  t: number;
  snap: Pick<LoanSnapshot, 'scheduleVersion' | 'graceDays' | 'reminderOffsetsDays' | 'ladder'>;
  /** Instalments of the schedule in force with the ledger's payments allocated (oldest first). */
  states: readonly InstalmentState[];
  /** The oldest overdue instalment, if any. */
  oldest: InstalmentState | undefined;
  /** Event keys already handled. */
  done: ReadonlySet<string>;
  defaulted: boolean;
  /** A collection hold stands. */
  paused: boolean;
  /** The current overdue episode, its ladder clock start and how far pauses shifted that clock. */
  episode: string | null;
  episodeStart: number | null;
  ladderShiftMs: number;
}

/**
 * The events still ahead or due, earliest first (ties keep the order: each instalment's reminders,
 * then its due date, then the ladder step). A defaulted loan has none: its write-off is proposed.
 */
export function loanEvents(x: LoanEventInput): LoanEvent[] {
  const events: LoanEvent[] = [];
  if (!x.defaulted) {
    for (const s of x.states) events.push(...instalmentEvents(x, s));
    const step = ladderEvent(x);
    if (step) events.push(step);
  }
  events.sort((a, b) => a.at - b.at);
  return events;
}

/**
 * An unpaid instalment's reminders (9:00 China time, `offset` days before the due date, while the
 * due date has not ended) and its due-date tick (the day after the grace days end, when it falls
 * overdue).
 */
function instalmentEvents(x: LoanEventInput, s: InstalmentState): LoanEvent[] {
  if (s.status === 'paid') return [];
  const v = x.snap.scheduleVersion;
  const events: LoanEvent[] = [];
  const dueEnd = chinaInstant(addDays(s.dueDate, 1));
  if (x.t < dueEnd) {
    for (const off of x.snap.reminderOffsetsDays) {
      const key = `r:${v}:${s.seq}:${off}`;
      if (!x.done.has(key))
        events.push({
          at: chinaInstant(addDays(s.dueDate, -off), 9),
          key,
          kind: 'reminder',
          inst: s,
          offset: off,
        });
    }
  }
  const overdueAt = chinaInstant(addDays(s.dueDate, x.snap.graceDays + 1));
  if (x.t < overdueAt) events.push({ at: overdueAt, key: `d:${v}:${s.seq}`, kind: 'tick', inst: s });
  return events;
}

/**
 * The overdue episode's next ladder step not yet taken: `afterDays` after the episode's clock start,
 * shifted by the pauses during the episode. None while a collection hold stands.
 */
function ladderEvent(x: LoanEventInput): LadderEvent | undefined {
  if (!x.oldest || x.paused) return undefined;
  const base = x.episodeStart! + x.ladderShiftMs;
  const step = x.snap.ladder.find((s) => !x.done.has(`l:${x.episode}:${s.afterDays}`));
  if (!step) return undefined;
  return {
    at: base + step.afterDays * DAY,
    key: `l:${x.episode}:${step.afterDays}`,
    kind: 'ladder',
    step,
    inst: x.oldest,
  };
}

/** An overdue episode is named by its oldest overdue instalment; the ladder restarts with each. */
export function episodeOf(scheduleVersion: number, oldest: InstalmentState | undefined): string | null {
  return oldest ? `${scheduleVersion}-${oldest.seq}` : null;
}

/** When an episode's ladder clock starts: 9:00 on the last grace day of its oldest overdue instalment. */
export function ladderClockStart(oldest: InstalmentState | undefined, graceDays: number): number | null {
  return oldest ? chinaInstant(addDays(oldest.dueDate, graceDays), 9) : null;
}

/** What is overdue now, over every overdue instalment. */
export function overdueFen(states: readonly InstalmentState[]): number {
  return states.filter((s) => s.status === 'overdue').reduce((n, s) => n + s.amountFen - s.paidFen, 0);
}

/**
 * A reminder inbox item lapses when its instalment is paid or its due date has been checked
 * (overdue); `key` is `<version>:<seq>`.
 */
export function reminderStillDue(
  key: string,
  scheduleVersion: number,
  states: readonly InstalmentState[],
): boolean {
  const s = states.find((x) => `${scheduleVersion}:${x.seq}` === key);
  return !!s && s.status !== 'paid' && s.status !== 'overdue';
}

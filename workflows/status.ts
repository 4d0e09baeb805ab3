import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { CaseStatusKey } from '../libs/temporal/search-attributes';

/**
 * A subject's status, written one way: `record` has the activity write the row and its audit event
 * (one transaction, libs/audit), then the workflow keeps it and updates the status search attribute
 * (when the starter indexed the workflow). `mark` is for a status an activity of the step already
 * wrote (the notice, the disbursement).
 */
export interface StatusRecorder<S extends string, X extends unknown[]> {
  readonly current: S;
  record(next: S, ...extra: X): Promise<void>;
  mark(next: S): void;
}

export function statusRecorder<S extends string, X extends unknown[]>(
  initial: S,
  write: (next: S, ...extra: X) => Promise<void>,
  opts: { searchAttribute?: boolean } = {},
): StatusRecorder<S, X> {
  const indexed =
    (opts.searchAttribute ?? true) && workflowInfo().typedSearchAttributes.get(CaseStatusKey) !== undefined;
  let current = initial;
  return {
    get current() {
      return current;
    },
    async record(next: S, ...extra: X) {
      // the row first: whoever waits on this status (an Update) then reads it from the database too
      await write(next, ...extra);
      this.mark(next);
    },
    mark(next: S) {
      current = next;
      if (indexed) upsertSearchAttributes([{ key: CaseStatusKey, value: next }]);
    },
  };
}

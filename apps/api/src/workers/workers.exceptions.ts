import { AppException } from '../common/errors';

/** The stable rule codes the workers API answers with (the `rule` of an error detail). */
export enum WorkerErrorCode {
  Exists = 'exists',
}

export const WorkerExceptions = {
  /** Unknown, or outside the caller's org subtree (as invisible as unknown). */
  notFound: (id: string) => AppException.notFound('worker', 'id', id),
};

import { AppException } from '../common/errors';

/** The rule codes the HR import API answers with (`rule` of a detail). */
export enum HrImportErrorCode {
  Previewed = 'previewed',
}

export const HrImportExceptions = {
  notFound: (id: string) => AppException.notFound('import', 'id', id),
  unitNotFound: (id: string) => AppException.notFound('org unit', 'orgUnitId', id),
  fileNotFound: (id: string) => AppException.notFound('file', 'id', id),
  notPreviewed: (id: string, status: string) =>
    AppException.conflict(
      `import ${id} is ${status}: only a finished dry run can be committed or cancelled`,
      [{ field: 'id', rule: HrImportErrorCode.Previewed, message: `the import is ${status}` }],
    ),
};

import { Context } from '@temporalio/activity';
import type { ChunkInput, HrImportsRepository } from '../libs/hr-imports/hr-imports.repository';

/** HR import activities: each chunk is one set-based statement, idempotent (rows applied once). */
export function createHrImportActivities({ hrImports }: { hrImports: HrImportsRepository }) {
  return {
    async previewImportChunk(c: ChunkInput) {
      Context.current().heartbeat({ fromSeq: c.fromSeq });
      return hrImports.previewChunk(c);
    },
    markImportPreviewed: (c: { importId: string }) => hrImports.markPreviewed(c.importId),
    markImportCommitting: (c: { importId: string; actorId: string }) =>
      hrImports.markCommitting(c.importId, c.actorId),
    async applyImportChunk(c: ChunkInput) {
      Context.current().heartbeat({ fromSeq: c.fromSeq });
      return hrImports.applyChunk(c);
    },
    crossCheckPayroll: (c: { importId: string }) => hrImports.crossCheck(c.importId),
    finishImport: (c: { importId: string; status: 'done' | 'cancelled' }) =>
      hrImports.finish(c.importId, c.status),
    failImport: (c: { importId: string; error: string }) => hrImports.fail(c.importId, c.error),
  };
}

export type HrImportActivities = ReturnType<typeof createHrImportActivities>;

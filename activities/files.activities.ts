import type { FileOpening, FileRecordsService } from '../libs/records/file-records.service';

/** Hardship-file activities over the file records service. */
export function createFileActivities({ files }: { files: FileRecordsService }) {
  return {
    recordFileOpened: (f: FileOpening) => files.recordOpened(f),
    checkInvestigation: (c: { fileId: string }) => files.checkInvestigation(c),
    recordInvestigator: (c: { fileId: string; workflowId: string; investigatorId: string }) =>
      files.recordInvestigator(c),
    computeFileCategory: (c: { fileId: string; workflowId: string }) => files.computeCategory(c),
    setFileStatus: (c: { fileId: string; workflowId: string; status: string; reason?: string }) =>
      files.setStatus(c),
    startFileNotice: (c: { fileId: string; workflowId: string }) => files.startNotice(c),
    recordFileObjection: (o: {
      fileId: string;
      workflowId: string;
      objection: { by: string; text: string };
    }) => files.recordObjection(o),
  };
}

export type FileActivities = ReturnType<typeof createFileActivities>;

import type { FileOpening, FilesRepository } from '../libs/files/files.repository';

/** Hardship-file activities over the file records service. */
export function createFileActivities({ files }: { files: FilesRepository }) {
  return {
    recordFileOpened: (f: FileOpening) => files.recordOpened(f),
    checkInvestigation: (c: { fileId: string }) => files.checkInvestigation(c),
    recordInvestigator: (c: { fileId: string; workflowId: string; investigatorId: string }) =>
      files.recordInvestigator(c),
    computeFileCategory: (c: { fileId: string; workflowId: string }) => files.computeCategory(c),
    async setFileStatus(c: { fileId: string; workflowId: string; status: string; reason?: string }) {
      await files.recordStatus(c);
    },
    startFileNotice: (c: { fileId: string; workflowId: string }) => files.startNotice(c),
    recordFileObjection: (o: {
      fileId: string;
      workflowId: string;
      objection: { by: string; text: string };
    }) => files.recordObjection(o),
  };
}

export type FileActivities = ReturnType<typeof createFileActivities>;

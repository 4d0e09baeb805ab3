import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { PiiCipher } from '../../../../libs/security/pii';
import type { AuthUser } from '../auth/auth.decorators';
import { CasesService } from '../cases/cases.service';
import { AppException } from '../common/errors';
import { isWithinScope } from '../../../../libs/domain/org-scope';
import { FilesService } from '../files/files.service';
import type { AttachmentViewDto } from './dto/attachment.response';

/** Largest attachment accepted (multer stops reading past it). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type AttachmentSubject = 'hardship_file' | 'aid_case' | 'campaign_recipient';

/** The accepted kinds: by file name extension, each checked against the file's first bytes. */
const TYPES: Array<{ ext: string[]; contentType: string; magic: Buffer }> = [
  { ext: ['pdf'], contentType: 'application/pdf', magic: Buffer.from('%PDF-', 'latin1') },
  { ext: ['jpg', 'jpeg'], contentType: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
  {
    ext: ['png'],
    contentType: 'image/png',
    magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  {
    ext: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  },
  {
    ext: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  },
];
export const ALLOWED_EXTENSIONS = TYPES.flatMap((t) => t.ext);

export interface UploadedFileLike {
  originalname: string;
  buffer: Buffer;
  size: number;
}

const VIEW_SELECT = `
  SELECT a.id, a.subject_type AS "subjectType", a.subject_id AS "subjectId", a.file_name AS "fileName",
         a.content_type AS "contentType", a.size_bytes AS "sizeBytes", a.sha256,
         u.display_name AS "uploadedByName", a.created_at AS "createdAt"
    FROM attachments a JOIN users u ON u.id = a.uploaded_by`;

/**
 * multer (busboy) reads a part's file name as latin1; browsers send UTF-8, so 收入证明.pdf arrives as
 * mojibake. Re-decode when the bytes are valid UTF-8.
 */
export function decodeFileName(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  const utf8 = bytes.toString('utf8');
  const name = Buffer.from(utf8, 'utf8').equals(bytes) && !utf8.includes('\uFFFD') ? utf8 : raw;
  // keep the base name only (some browsers send a path)
  return name.split(/[\\/]/).pop()!.normalize('NFC').trim();
}

@Injectable()
export class AttachmentsService {
  private readonly pii: PiiCipher;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
    private readonly files: FilesService,
    private readonly cases: CasesService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pii = PiiCipher.fromBase64(config.PII_ENCRYPTION_KEY, config.PII_HASH_KEY);
  }

  /** 404 unless the subject exists and lies in the caller's org subtree (as its own GET). */
  private async checkSubject(type: AttachmentSubject, id: string, user: AuthUser): Promise<void> {
    if (type === 'hardship_file') await this.files.get(id, user);
    else if (type === 'campaign_recipient') {
      // a household on a holiday campaign's list (送温暖): visible from its unit's subtree and above
      const [r] = (await this.ds.query(`SELECT unit_path FROM campaign_recipients WHERE id = $1`, [
        id,
      ])) as Array<{
        unit_path: string;
      }>;
      const p = r?.unit_path;
      if (!p || !(isWithinScope(user.orgPath, p) || isWithinScope(p, user.orgPath)))
        throw AppException.notFound('campaign recipient', 'id', id);
    } else await this.cases.get(id, user);
  }

  /** Checks the upload, encrypts it and stores it; the same bytes on the same subject return the first row. */
  async upload(
    type: AttachmentSubject,
    subjectId: string,
    file: UploadedFileLike | undefined,
    user: AuthUser,
  ): Promise<{ attachment: AttachmentViewDto; created: boolean }> {
    await this.checkSubject(type, subjectId, user);
    if (!file) {
      throw AppException.validation([
        { field: 'file', rule: 'required', message: 'a file (multipart field "file") is required' },
      ]);
    }
    const fileName = decodeFileName(file.originalname ?? '');
    const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
    const kind = TYPES.find((t) => t.ext.includes(ext));
    const typeRule = `allowed types: ${ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(', ')}`;
    if (!fileName || fileName.length > 255) {
      throw AppException.validation([
        { field: 'file', rule: 'file_name', message: 'the file name must be 1–255 characters' },
      ]);
    }
    if (file.size === 0 || file.buffer.length === 0) {
      throw AppException.validation([{ field: 'file', rule: 'not_empty', message: 'the file is empty' }]);
    }
    if (file.buffer.length > MAX_ATTACHMENT_BYTES) throw tooLarge();
    if (!kind) {
      throw AppException.validation([
        {
          field: 'file',
          rule: 'type',
          message: `${fileName}: the file type ${ext ? `.${ext}` : '(no extension)'} is not accepted (${typeRule})`,
          params: { fileName, allowed: 'PDF, JPG, PNG, XLSX, DOCX' },
        },
      ]);
    }
    if (!file.buffer.subarray(0, kind.magic.length).equals(kind.magic)) {
      throw AppException.validation([
        {
          field: 'file',
          rule: 'type',
          message: `${fileName}: the content is not a ${kind.ext[0]!.toUpperCase()} file (${typeRule})`,
          params: { fileName, allowed: 'PDF, JPG, PNG, XLSX, DOCX' },
        },
      ]);
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    return this.ds.transaction(async (em) => {
      const inserted = (await em.query(
        `INSERT INTO attachments (subject_type, subject_id, file_name, content_type, size_bytes, sha256, content_enc, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT ON CONSTRAINT attachments_subject_content DO NOTHING RETURNING id`,
        [
          type,
          subjectId,
          fileName,
          kind.contentType,
          file.buffer.length,
          sha256,
          this.pii.encryptBytes(file.buffer),
          user.userId,
        ],
      )) as Array<{ id: string }>;
      const created = inserted.length === 1;
      if (created) {
        await this.audit.append(
          {
            actorId: user.userId,
            actorName: user.displayName,
            action: 'attachment.uploaded',
            entityType: type,
            entityId: subjectId,
            details: { attachmentId: inserted[0]!.id, fileName, sizeBytes: file.buffer.length },
          },
          em,
        );
      }
      const [row] = (await em.query(
        `${VIEW_SELECT} WHERE a.subject_type = $1 AND a.subject_id = $2 AND a.sha256 = $3`,
        [type, subjectId, sha256],
      )) as AttachmentViewDto[];
      return { attachment: row!, created };
    });
  }

  /** The subject's attachments, oldest first, without their content. */
  async list(type: AttachmentSubject, subjectId: string, user: AuthUser): Promise<AttachmentViewDto[]> {
    await this.checkSubject(type, subjectId, user);
    return (await this.ds.query(
      `${VIEW_SELECT} WHERE a.subject_type = $1 AND a.subject_id = $2 ORDER BY a.created_at, a.id`,
      [type, subjectId],
    )) as AttachmentViewDto[];
  }

  /** Decrypts one attachment for whoever may see its subject; every read writes an audit row. */
  async content(
    id: string,
    user: AuthUser,
  ): Promise<{ fileName: string; contentType: string; content: Buffer }> {
    const [row] = (await this.ds.query(
      `SELECT subject_type, subject_id, file_name, content_type, content_enc FROM attachments WHERE id = $1`,
      [id],
    )) as Array<{
      subject_type: AttachmentSubject | 'loan';
      subject_id: string;
      file_name: string;
      content_type: string;
      content_enc: Buffer;
    }>;
    if (!row || row.subject_type === 'loan') throw AppException.notFound('attachment', 'id', id);
    try {
      await this.checkSubject(row.subject_type, row.subject_id, user);
    } catch (e) {
      // out of scope: the attachment is as invisible as its subject
      if (e instanceof AppException && e.getStatus() === 404)
        throw AppException.notFound('attachment', 'id', id);
      throw e;
    }
    const content = this.pii.decryptBytes(row.content_enc);
    await this.audit.append({
      actorId: user.userId,
      actorName: user.displayName,
      action: 'attachment.read',
      entityType: 'attachment',
      entityId: id,
      details: { subjectType: row.subject_type, subjectId: row.subject_id, roles: user.roles },
    });
    return { fileName: row.file_name, contentType: row.content_type, content };
  }
}

export function tooLarge(): AppException {
  return new AppException(413, 'VALIDATION_FAILED', `Invalid request: the file is larger than 10 MB`, [
    {
      field: 'file',
      rule: 'max_size',
      message: `the file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB (${MAX_ATTACHMENT_BYTES} bytes)`,
      params: { maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 },
    },
  ]);
}

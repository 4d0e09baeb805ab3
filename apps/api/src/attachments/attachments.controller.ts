import {
  applyDecorators,
  BadRequestException,
  CallHandler,
  Controller,
  ExecutionContext,
  Get,
  HttpException,
  Injectable,
  NestInterceptor,
  Param,
  PayloadTooLargeException,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import {
  ALLOWED_EXTENSIONS,
  AttachmentsService,
  AttachmentSubject,
  MAX_ATTACHMENT_BYTES,
  tooLarge,
  UploadedFileLike,
} from './attachments.service';
import { AttachmentViewDto } from './dto/attachment.response';
import { BINARY_CONTENT } from '../common/dto/common.response';

/** multer's own errors (too large, wrong field, several files) → the error body naming the field and rule. */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) => {
        if (e instanceof PayloadTooLargeException) return throwError(() => tooLarge());
        if (e instanceof BadRequestException && !(e instanceof AppException)) {
          const raw = e.getResponse() as { message?: unknown };
          const why = typeof raw.message === 'string' ? raw.message : e.message;
          return throwError(() =>
            AppException.validation([
              {
                field: 'file',
                rule: 'multipart',
                message: `send one file in the multipart field "file" (${why})`,
              },
            ]),
          );
        }
        return throwError(() => e as HttpException);
      }),
    );
  }
}

const UPLOAD_ROLES = ['caseworker', 'branch_chair', 'union_chair', 'admin'] as const;
const uploadBody = {
  schema: {
    type: 'object',
    properties: { file: { type: 'string', format: 'binary' } },
    required: ['file'],
  },
};
const uploadSummary = `Attach a scanned document (${ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(', ')}; at most ${
  MAX_ATTACHMENT_BYTES / 1024 / 1024
} MB; multipart field "file"); encrypted at rest; the same bytes again return the same attachment (200)`;

/** One multipart upload endpoint: who may upload, the size limit, multer errors as 4xx, OpenAPI. */
function UploadEndpoint(subject: string): MethodDecorator {
  return applyDecorators(
    Roles(...UPLOAD_ROLES),
    UseInterceptors(
      UploadErrorsInterceptor,
      FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }),
    ),
    ApiConsumes('multipart/form-data'),
    ApiBody(uploadBody),
    ApiOperation({ summary: `${subject}: ${uploadSummary}` }),
  );
}

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  private async upload(
    type: AttachmentSubject,
    id: string,
    file: UploadedFileLike | undefined,
    user: AuthUser,
    res: Response,
  ): Promise<AttachmentViewDto> {
    const { attachment, created } = await this.attachments.upload(type, id, file, user);
    res.status(created ? 201 : 200);
    return attachment;
  }

  @Post('files/:id/attachments')
  @UploadEndpoint('Hardship file')
  @ApiCreatedResponse({ type: AttachmentViewDto })
  @ApiOkResponse({ type: AttachmentViewDto, description: 'the same bytes were attached before' })
  uploadToFile(
    @Param('id', UuidParamPipe) id: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttachmentViewDto> {
    return this.upload('hardship_file', id, file, user, res);
  }

  @Post('cases/:id/attachments')
  @UploadEndpoint('Aid case')
  @ApiCreatedResponse({ type: AttachmentViewDto })
  @ApiOkResponse({ type: AttachmentViewDto, description: 'the same bytes were attached before' })
  uploadToCase(
    @Param('id', UuidParamPipe) id: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttachmentViewDto> {
    return this.upload('aid_case', id, file, user, res);
  }

  @Post('campaign-recipients/:id/attachments')
  @UploadEndpoint('Holiday campaign household (photo or signed receipt of a delivery)')
  @ApiCreatedResponse({ type: AttachmentViewDto })
  @ApiOkResponse({ type: AttachmentViewDto, description: 'the same bytes were attached before' })
  uploadToCampaignRecipient(
    @Param('id', UuidParamPipe) id: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AttachmentViewDto> {
    return this.upload('campaign_recipient', id, file, user, res);
  }

  @Get('campaign-recipients/:id/attachments')
  @ApiOperation({ summary: 'A campaign household’s attachments (no content)' })
  @ApiOkResponse({ type: [AttachmentViewDto] })
  listForCampaignRecipient(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<AttachmentViewDto[]> {
    return this.attachments.list('campaign_recipient', id, user);
  }

  @Get('files/:id/attachments')
  @ApiOperation({ summary: 'A hardship file’s attachments (no content)' })
  @ApiOkResponse({ type: [AttachmentViewDto] })
  listForFile(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<AttachmentViewDto[]> {
    return this.attachments.list('hardship_file', id, user);
  }

  @Get('cases/:id/attachments')
  @ApiOperation({ summary: 'An aid case’s attachments (no content)' })
  @ApiOkResponse({ type: [AttachmentViewDto] })
  listForCase(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<AttachmentViewDto[]> {
    return this.attachments.list('aid_case', id, user);
  }

  @Get('attachments/:id/content')
  @ApiOkResponse({ content: BINARY_CONTENT, description: 'the file, with its content type' })
  @ApiOperation({
    summary:
      'Download an attachment (whoever may see its file or case); every read is written to the audit log',
  })
  async content(
    @Param('id', UuidParamPipe) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const a = await this.attachments.content(id, user);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(a.content, {
      type: a.contentType,
      length: a.content.length,
      disposition: `attachment; filename="${a.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
    });
  }
}

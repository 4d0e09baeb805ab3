import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import {
  HrImportDecisionDto,
  HrImportKindQueryDto,
  ListHrImportRowsQueryDto,
  ListHrImportsQueryDto,
  UploadHrImportDto,
} from './dto/hr-imports.dto';
import {
  HrImportDecisionResultDto,
  HrImportPageDto,
  HrImportRowPageDto,
  HrImportViewDto,
  IncomeCheckDto,
} from './dto/hr-imports.response';
import { MAX_HR_IMPORT_BYTES, templateXlsx } from './hr-imports.parse';
import { HrImportsService } from './hr-imports.service';

const IMPORTERS = ['admin', 'union_chair'] as const;
const READERS = ['admin', 'union_chair', 'auditor'] as const;

@ApiTags('hr-imports')
@ApiBearerAuth()
@Controller()
export class HrImportsController {
  constructor(private readonly imports: HrImportsService) {}

  @Get('hr-imports/template')
  @Roles(...IMPORTERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary: 'The XLSX template of a roster (花名册) or payroll (工资收入) import, Chinese headers',
  })
  @ApiOkResponse({
    description: 'the XLSX file',
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
  async template(
    @Query() q: HrImportKindQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="${q.kind}-template.xlsx"`);
    return new StreamableFile(await templateXlsx(q.kind));
  }

  @Post('hr-imports')
  @HttpCode(202)
  @Roles(...IMPORTERS)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_HR_IMPORT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        kind: { type: 'string', enum: ['roster', 'payroll'] },
        orgUnitId: { type: 'string', format: 'uuid' },
      },
      required: ['file', 'kind'],
    },
  })
  @ApiOperation({
    summary:
      'Upload an HR export (.xlsx or .csv): the rows are staged and a dry run starts (workflow roster-import:<id> or payroll-import:<id>); commit after reviewing the preview',
  })
  @ApiAcceptedResponse({ type: HrImportViewDto })
  upload(
    @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined,
    @Body() dto: UploadHrImportDto,
    @CurrentUser() user: AuthUser,
  ): Promise<HrImportViewDto> {
    if (!file)
      throw AppException.validation([
        { field: 'file', rule: 'required', message: 'a file (multipart field "file") is required' },
      ]);
    return this.imports.upload(dto.kind, file, dto.orgUnitId, user);
  }

  @Get('hr-imports')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Imports in my scope, newest first' })
  @ApiOkResponse({ type: HrImportPageDto })
  list(@Query() q: ListHrImportsQueryDto, @CurrentUser() user: AuthUser) {
    return this.imports.list(q, user);
  }

  @Get('hr-imports/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'An import: status, progress of the dry run and of the commit, outcome counts' })
  @ApiOkResponse({ type: HrImportViewDto })
  get(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.imports.get(id, user);
  }

  @Get('hr-imports/:id/rows')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The rows row by row: new, updated, unchanged or refused with the reason code' })
  @ApiOkResponse({ type: HrImportRowPageDto })
  rows(
    @Param('id', UuidParamPipe) id: string,
    @Query() q: ListHrImportRowsQueryDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.imports.rows(id, q, user);
  }

  @Post('hr-imports/:id/decision')
  @HttpCode(200)
  @Roles(...IMPORTERS)
  @ApiOperation({ summary: 'Commit (or cancel) a finished dry run; 409 otherwise' })
  @ApiOkResponse({ type: HrImportDecisionResultDto })
  decide(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: HrImportDecisionDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.imports.decide(id, dto.decision, user);
  }

  @Get('files/:id/income-check')
  @ApiOperation({
    summary:
      'The HR payroll cross-check (多部门联合审核) of a file: flagged while its declared income is below its members’ payroll by more than the policy threshold',
  })
  @ApiOkResponse({ type: IncomeCheckDto })
  incomeCheck(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.imports.incomeCheck(id, user);
  }
}

import {
  Body,
  Controller,
  Get,
  Headers,
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
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import { exportFile, type ExportColumn } from '../common/export';
import { Page } from '../common/pagination';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import {
  CreateLoanDto,
  ListLoansQueryDto,
  OptionalReasonDto,
  ReasonDto,
  RepaymentDto,
  RescheduleDto,
} from './dto/loans.dto';
import { LoanExceptions } from './loans.exceptions';
import { LoansService } from './loans.service';
import { MAX_IMPORT_BYTES, RepaymentImportsService } from './repayment-imports.service';
import {
  ImportStartedDto,
  ImportViewDto,
  LoanDetailDto,
  LoanPageDto,
  LoanViewDto,
  RepaymentResultDto,
} from './dto/loan.response';
import { LoanRequestDto } from './dto/loan-request.response';

function checkKey(key: string | undefined, required: boolean): void {
  if ((required && !key) || (key !== undefined && (key.length < 8 || key.length > 200))) {
    throw LoanExceptions.idempotencyKeyLength();
  }
}

const LOAN_COLUMNS: ExportColumn<LoanViewDto>[] = [
  { zh: '借款编号', en: 'Loan no.', value: (r) => r.loanNo },
  { zh: '工号', en: 'Employee no.', value: (r) => r.employeeNo },
  { zh: '借款人', en: 'Borrower', value: (r) => r.workerName },
  { zh: '单位', en: 'Org unit', value: (r) => r.orgUnitName },
  { zh: '借款金额(元)', en: 'Amount (yuan)', value: (r) => r.amountFen, fen: true },
  { zh: '未还金额(元)', en: 'Outstanding (yuan)', value: (r) => r.outstandingFen, fen: true },
  { zh: '状态', en: 'Status', value: (r) => `${r.statusLabel.zh} ${r.statusLabel.en}` },
  { zh: '下次到期日', en: 'Next due date', value: (r) => r.nextDueDate },
  { zh: '逾期天数', en: 'Days overdue', value: (r) => r.daysOverdue },
  { zh: '放款日期', en: 'Disbursed on', value: (r) => r.disbursedOn },
];

@ApiTags('loans')
@ApiBearerAuth()
@Controller()
export class LoansController {
  constructor(
    private readonly loans: LoansService,
    private readonly imports: RepaymentImportsService,
  ) {}

  @Post('loans')
  @Roles('caseworker', 'branch_chair', 'union_chair')
  @ApiOperation({
    summary:
      'Apply for an interest-free loan for a worker: starts workflow loan:<loanId>. 422 CHRONIC_BORROWER with blockingLoanId when the gate blocks; override {reason} by the union chair only',
  })
  @ApiHeader({ name: 'idempotency-key', required: false })
  @ApiCreatedResponse({ type: LoanViewDto })
  async create(
    @Body() dto: CreateLoanDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ): Promise<LoanViewDto> {
    checkKey(key, false);
    return this.loans.create(dto, user, key);
  }

  @Get('loans')
  @ApiOperation({ summary: 'Loans in the caller’s org subtree, newest first (?format=xlsx|csv to export)' })
  @ApiOkResponse({ type: LoanPageDto, description: 'JSON; with ?format=xlsx|csv the export file' })
  async list(
    @Query() q: ListLoansQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Page<LoanViewDto> | StreamableFile> {
    if (q.format) {
      const all: LoanViewDto[] = [];
      let cursor: string | undefined;
      do {
        const page = await this.loans.list(user, 200, cursor, q);
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < 100_000);
      return exportFile(res, q.format, 'loans', LOAN_COLUMNS, all);
    }
    return this.loans.list(user, q.limit ?? 50, q.cursor, q);
  }

  @Get('loans/:id')
  @ApiOperation({ summary: 'One loan: schedule (paid per instalment), repayments, pauses, timeline' })
  @ApiOkResponse({ type: LoanDetailDto })
  detail(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.loans.detail(id, user);
  }

  @Post('loans/:id/repayments')
  @Roles('finance')
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'defaults to the reference' })
  @ApiOperation({
    summary:
      'Record a repayment (finance): one ledger entry per key / reference; the same key with another amount is 422',
  })
  @ApiCreatedResponse({ type: RepaymentResultDto })
  repay(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RepaymentDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key?: string,
  ) {
    checkKey(key, false);
    return this.loans.repay(id, dto, user, key);
  }

  @Post('loans/:id/early-repayment')
  @ApiAcceptedResponse({ type: LoanRequestDto })
  @HttpCode(202)
  @Roles('caseworker', 'branch_chair', 'union_chair', 'finance', 'admin')
  @ApiOperation({ summary: 'Ask finance to settle the loan in full now (a task in the finance inbox)' })
  early(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: OptionalReasonDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.loans.request(id, 'early_repayment', dto, user);
  }

  @Post('loans/:id/reschedule')
  @ApiAcceptedResponse({ type: LoanRequestDto })
  @HttpCode(202)
  @Roles('caseworker', 'branch_chair', 'union_chair', 'finance', 'admin')
  @ApiOperation({ summary: 'Request a new schedule over what is outstanding (approval in the inbox)' })
  reschedule(
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RescheduleDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.loans.request(id, 'reschedule', dto, user);
  }

  @Post('loans/:id/write-off')
  @ApiAcceptedResponse({ type: LoanRequestDto })
  @HttpCode(202)
  @Roles('caseworker', 'branch_chair', 'union_chair', 'finance', 'admin')
  @ApiOperation({ summary: 'Propose writing the outstanding amount off (approval in the inbox)' })
  writeOff(@Param('id', UuidParamPipe) id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthUser) {
    return this.loans.request(id, 'write_off', dto, user);
  }

  @Post('repayment-imports')
  @HttpCode(202)
  @Roles('finance')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    },
  })
  @ApiOperation({
    summary:
      'Import a payroll-deduction file (.csv or .xlsx; columns 工号/employeeNo, 借款编号/loanNo, 金额/amount (yuan) or amountFen, 日期/paidOn, 流水号/reference)',
  })
  @ApiAcceptedResponse({ type: ImportStartedDto })
  upload(
    @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    if (!file)
      throw AppException.validation([
        { field: 'file', rule: 'required', message: 'a file (multipart field "file") is required' },
      ]);
    return this.imports.start(file.originalname, file.buffer, user);
  }

  @Get('repayment-imports/template')
  @Roles('finance', 'auditor', 'admin')
  @ApiOperation({
    summary: 'An empty payroll-deduction file to fill in (XLSX, Chinese headers the import accepts)',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'the .xlsx file',
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
  async importTemplate(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'content-disposition',
      `attachment; filename="repayment-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('工资代扣导入模板.xlsx')}`,
    );
    return new StreamableFile(await this.imports.template());
  }

  @Get('repayment-imports/:id')
  @Roles('finance', 'auditor', 'admin')
  @ApiOperation({ summary: 'An import: progress while it runs, then each row with its outcome and reason' })
  @ApiOkResponse({ type: ImportViewDto })
  importStatus(@Param('id', UuidParamPipe) id: string, @CurrentUser() user: AuthUser) {
    return this.imports.get(id, user);
  }
}

import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { exportFile, type ExportColumn } from '../common/export';
import type { Page } from '../common/pagination';
import { AUDIT_EXPORT_MAX, AUDIT_READER_ROLES, AuditService } from './audit.service';
import { AuditExportQueryDto, AuditQueryDto, LoginLogQueryDto } from './dto/audit.dto';
import { AuditEntryDto, AuditPageDto, LoginLogEntryDto, LoginLogPageDto } from './dto/audit.response';

const COLUMNS: ExportColumn<AuditEntryDto>[] = [
  { zh: '编号', en: 'ID', value: (r) => r.id },
  { zh: '时间', en: 'Time', value: (r) => r.at },
  { zh: '操作人', en: 'Actor', value: (r) => r.actorName },
  { zh: '操作人编号', en: 'Actor ID', value: (r) => r.actorId },
  { zh: '操作', en: 'Action', value: (r) => r.action },
  { zh: '操作名称', en: 'Action name', value: (r) => r.actionLabel.zh },
  { zh: '敏感查阅', en: 'Sensitive read', value: (r) => (r.sensitive ? '是' : '') },
  { zh: '对象类型', en: 'Subject type', value: (r) => r.entityType },
  { zh: '对象编号', en: 'Subject ID', value: (r) => r.entityId },
  { zh: '单位', en: 'Org unit', value: (r) => r.orgUnitName },
  { zh: '详情', en: 'Details', value: (r) => JSON.stringify(r.details) },
];

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles(...AUDIT_READER_ROLES)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary:
      'The audit log in my scope, newest first: filter by actor, action, subject, org unit, time, sensitive reads',
  })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() q: AuditQueryDto, @CurrentUser() user: AuthUser): Promise<Page<AuditEntryDto>> {
    return this.audit.search(q, user);
  }

  @Get('export')
  @ApiOperation({ summary: `The filtered audit log as XLSX (or CSV), at most ${AUDIT_EXPORT_MAX} rows` })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv')
  @ApiOkResponse({ description: 'the export file', schema: { type: 'string', format: 'binary' } })
  async export(
    @Query() q: AuditExportQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { format = 'xlsx', ...filters } = q;
    const rows = await this.audit.exportRows(filters, user);
    return exportFile(res, format, `audit-${new Date().toISOString().slice(0, 10)}`, COLUMNS, rows);
  }

  @Get('logins')
  @ApiOperation({ summary: 'The login log: successes, failures, lockouts, unlocks, rate-limited attempts' })
  @ApiOkResponse({ type: LoginLogPageDto })
  logins(@Query() q: LoginLogQueryDto, @CurrentUser() user: AuthUser): Promise<Page<LoginLogEntryDto>> {
    return this.audit.logins(q, user);
  }
}

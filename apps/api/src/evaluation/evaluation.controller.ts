import { Body, Controller, Get, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import {
  EvaluationQueryDto,
  EvaluationReportDto,
  EvaluationRunDto,
  RunEvaluationDto,
} from './dto/evaluation.dto';
import { EvaluationService } from './evaluation.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('evaluation')
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  @Get()
  @ApiOperation({
    summary:
      'Effect evaluation (帮扶效果评估) of a year in a unit’s subtree, per unit, category or cause: per-capita income before and after, months to exit, relapses, measures done, jobs found, children kept in school, aid per household and per exit; and the evaluated files',
  })
  @ApiOkResponse({ type: EvaluationReportDto })
  report(@Query() q: EvaluationQueryDto, @CurrentUser() user: AuthUser): Promise<EvaluationReportDto> {
    return this.evaluation.report(q, user);
  }

  @Get('export.xlsx')
  @ApiOperation({
    summary: 'The evaluation as XLSX (Chinese headers; amounts in 元 as numbers with 2 decimals)',
  })
  @ApiProduces(XLSX)
  @ApiOkResponse({
    description: 'XLSX workbook',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  async export(
    @Query() q: EvaluationQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const report = await this.evaluation.report(q, user);
    res.setHeader('content-type', XLSX);
    res.setHeader(
      'content-disposition',
      `attachment; filename="evaluation-${report.year}-${report.by}.xlsx"`,
    );
    return new StreamableFile(await this.evaluation.xlsx(report));
  }

  @Post('run')
  @HttpCode(200)
  @Roles('admin', 'union_chair')
  @ApiOperation({
    summary:
      'Write the evaluations due on a date (default today), set-based: every exited file without one; every active file once a year from the policy’s month',
  })
  @ApiOkResponse({ type: EvaluationRunDto })
  run(@Body() dto: RunEvaluationDto): Promise<EvaluationRunDto> {
    return this.evaluation.run(dto.date);
  }
}

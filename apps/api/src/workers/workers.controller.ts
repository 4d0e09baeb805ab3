import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { decodeCursor, ListQueryDto, Page, toPage } from '../common/pagination';

export interface WorkerView {
  id: string;
  employeeNo: string;
  name: string;
  orgUnitId: string;
  orgUnitName: string;
  householdId: string | null;
}

@ApiTags('workers')
@ApiBearerAuth()
@Controller('workers')
export class WorkersController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Workers in the caller’s org subtree, by employee number' })
  async list(@Query() q: ListQueryDto, @CurrentUser() user: AuthUser): Promise<Page<WorkerView>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, 1);
    const rows = (await this.ds.query(
      `SELECT w.id, w.employee_no AS "employeeNo", w.name, w.org_unit_id AS "orgUnitId", o.name_zh AS "orgUnitName",
              w.household_id AS "householdId"
         FROM workers w JOIN org_units o ON o.id = w.org_unit_id
        WHERE (o.path = $1 OR o.path LIKE $1 || '.%') AND ($2::text IS NULL OR w.employee_no > $2)
        ORDER BY w.employee_no LIMIT $3`,
      [user.orgPath, after?.[0] ?? null, limit + 1],
    )) as WorkerView[];
    return toPage(rows, limit, (r) => [r.employeeNo]);
  }
}

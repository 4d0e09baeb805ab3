import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** A label in both console languages. */
export class LabelDto {
  @ApiProperty({ example: '审批通过' })
  zh!: string;

  @ApiProperty({ example: 'Approved' })
  en!: string;
}

/** One entry of a subject's timeline (from the audit log). */
export class TimelineEventDto {
  @ApiProperty({ example: 'case.approved', description: 'the audit action' })
  type!: string;

  @ApiProperty({ type: LabelDto })
  label!: LabelDto;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorName!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'what changed, and details' })
  data!: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

/** `{ accepted: true }` */
export class AcceptedDto {
  @ApiProperty({ enum: [true] })
  accepted!: true;
}

/**
 * A page of `item`: `{ items, nextCursor }`. Extend it to name the schema:
 * `export class CasePageDto extends PageOf(CaseViewDto) {}`.
 */
export function PageOf<T>(item: Type<T>) {
  class PageDto {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page' })
    nextCursor!: string | null;
  }
  return PageDto;
}

/** The worker a record is about and the org unit it belongs to (cases, files). */
export class WorkerOrgUnitDto {
  @ApiProperty({ format: 'uuid' })
  workerId!: string;

  @ApiProperty()
  workerName!: string;

  @ApiProperty({ format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty()
  orgUnitName!: string;
}

/** The same with the worker's employee number (loans, early warnings). */
export class EmployeeOrgUnitDto extends WorkerOrgUnitDto {
  @ApiProperty()
  employeeNo!: string;
}

/**
 * Something known by a code, with its names in both console languages (a program, a fund source):
 * `export class FundBalanceDto extends CodeNames('union_fund') { … }`.
 */
export function CodeNames(codeExample: string) {
  class CodeNamesDto {
    @ApiProperty({ example: codeExample })
    code!: string;

    @ApiProperty()
    nameZh!: string;

    @ApiProperty()
    nameEn!: string;
  }
  return CodeNamesDto;
}

/** `{ id }`: the record a request created. */
export class CreatedIdDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
}

/** `{ ok: true }` */
export class OkDto {
  @ApiProperty({ enum: [true] })
  ok!: true;
}

/** `{ status }`: the subject's status after the request. */
export class StatusResultDto {
  @ApiProperty({ example: 'withdrawn' })
  status!: string;
}

/** A binary download (attachments, exports). */
export const BINARY_CONTENT = {
  'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
} as const;

import { ApiProperty } from '@nestjs/swagger';

/** A loan request (early repayment, reschedule, write-off) now waiting as a task in an inbox. */
export class LoanRequestDto {
  @ApiProperty({ format: 'uuid' })
  taskId!: string;

  @ApiProperty({ enum: ['early_repayment', 'reschedule', 'write_off'] })
  kind!: string;
}

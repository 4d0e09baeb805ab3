import { ApiProperty } from '@nestjs/swagger';

export class BudgetBalanceDto {
  @ApiProperty({ format: 'uuid' })
  budgetId!: string;

  @ApiProperty({ example: 'union_funds' })
  fundSource!: string;

  @ApiProperty({ example: 'illness' })
  programCode!: string;

  @ApiProperty({ example: 2026 })
  year!: number;

  @ApiProperty({ description: 'fen' })
  allocatedFen!: number;

  @ApiProperty({ description: 'fen' })
  reservedFen!: number;

  @ApiProperty({ description: 'fen' })
  paidFen!: number;

  @ApiProperty({ description: 'fen: loan repayments returned to the budget' })
  repaidFen!: number;

  @ApiProperty({ description: 'fen' })
  availableFen!: number;
}

export class BudgetBalanceListDto {
  @ApiProperty({ type: [BudgetBalanceDto] })
  items!: BudgetBalanceDto[];

  @ApiProperty({ type: String, nullable: true, enum: [null] })
  nextCursor!: null;
}

export class AllocationResultDto {
  @ApiProperty({ example: 'posted', description: 'posted, or duplicate when the key was used before' })
  result!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsPositive, IsString, IsUUID, Max, MaxLength } from 'class-validator';

export class CreateCaseDto {
  @ApiProperty({ format: 'uuid', description: 'the worker the aid is for' })
  @IsUUID()
  workerId!: string;

  @ApiProperty({ example: 'illness', description: 'program code from GET /api/programs' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  program!: string;

  @ApiProperty({ example: 200000, description: 'amount in fen (integer; 100 fen = 1 yuan)' })
  @IsInt()
  @IsPositive()
  @Max(Number.MAX_SAFE_INTEGER)
  amountFen!: number;

  @ApiProperty({ example: '妻子住院手术，自付费用较高' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class WithdrawDto {
  @ApiProperty({ example: '职工家庭情况好转，主动撤回' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

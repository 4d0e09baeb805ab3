import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ObjectionDto {
  @ApiProperty({ example: '该户家中另有商铺出租' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;

  @ApiProperty({ example: '匿名职工', description: 'who raised it (as recorded by the union office)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  raisedBy!: string;
}

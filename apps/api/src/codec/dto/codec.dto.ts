import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** A Temporal payload as the Temporal UI sends it to a codec server: metadata values and data in base64. */
export class CodecPayloadDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'byte' },
    example: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' },
  })
  @IsObject()
  metadata!: Record<string, string>;

  @ApiProperty({ type: String, format: 'byte', required: false })
  @IsOptional()
  @IsString()
  @IsBase64()
  @MaxLength(4 * 1024 * 1024)
  data?: string;
}

export class CodecPayloadsDto {
  @ApiProperty({ type: [CodecPayloadDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CodecPayloadDto)
  payloads!: CodecPayloadDto[];
}

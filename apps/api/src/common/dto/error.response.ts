import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../errors';

/** Why one field or rule refused the request. */
export class ErrorDetailDto {
  @ApiProperty({ example: 'comment' })
  field!: string;

  @ApiProperty({
    example: 'amount_in_program_range',
    description: 'one of the error catalog (libs/domain/error-rules.ts ErrorRule); the console words it',
  })
  rule!: string;

  @ApiProperty({ description: 'English, for logs and API clients' })
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'the figures of the refusal: amounts in fen (…Fen), limits, counts, codes, e.g. {"minFen":50000,"maxFen":500000,"amountFen":600000,"program":"illness"}',
  })
  params?: Record<string, string | number>;
}

/** The body of every error answer (4xx, 5xx). */
export class ErrorBodyDto {
  @ApiProperty({ type: 'integer', example: 422 })
  statusCode!: number;

  @ApiProperty({
    example: ErrorCode.BusinessRule,
    description: `${Object.values(ErrorCode).join(', ')} (or HTTP_<status>)`,
  })
  code!: string;

  @ApiProperty()
  message!: string;

  @ApiProperty({ type: [ErrorDetailDto] })
  details!: ErrorDetailDto[];
}

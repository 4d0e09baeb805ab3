import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode } from '../errors';

/** Why one field or rule refused the request. */
export class ErrorDetailDto {
  @ApiProperty({ example: 'comment' })
  field!: string;

  @ApiProperty({ example: 'four_eyes', description: 'machine-readable rule (the console translates it)' })
  rule!: string;

  @ApiProperty()
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    description: 'figures of the refusal (counts, names the caller may see)',
    example: { count: 3 },
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

import { ApiProperty } from '@nestjs/swagger';

/** An attachment's metadata (never the content: GET /api/attachments/{id}/content). */
export class AttachmentViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'hardship_file', description: 'hardship_file or aid_case' })
  subjectType!: string;

  @ApiProperty({ format: 'uuid' })
  subjectId!: string;

  @ApiProperty({ example: '诊断证明.pdf' })
  fileName!: string;

  @ApiProperty({ example: 'application/pdf' })
  contentType!: string;

  @ApiProperty({ type: 'integer' })
  sizeBytes!: number;

  @ApiProperty({ description: 'SHA-256 of the content, hex' })
  sha256!: string;

  @ApiProperty()
  uploadedByName!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

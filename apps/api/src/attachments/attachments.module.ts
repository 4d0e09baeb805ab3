import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { FilesModule } from '../files/files.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsService } from './attachments.service';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';

@Module({
  // an attachment is as visible as its subject (a case or a file)
  imports: [AuditLibrary, CasesModule, FilesModule],
  controllers: [AttachmentsController],
  providers: [AttachmentsService],
})
export class AttachmentsModule {}

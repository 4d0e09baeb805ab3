import { Module } from '@nestjs/common';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';

@Module({
  imports: [AuditLibrary],
  controllers: [FilesController],
  providers: [FilesService],
  exports: [FilesService],
})
export class FilesModule {}

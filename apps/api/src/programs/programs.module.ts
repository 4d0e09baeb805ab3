import { Module } from '@nestjs/common';
import { ProgramsController } from './programs.controller';
import { ProgramsService } from './programs.service';
import { PolicyModule as PolicyLibrary } from '../../../../libs/policy/policy.module';

@Module({
  imports: [PolicyLibrary],
  controllers: [ProgramsController],
  providers: [ProgramsService],
})
export class ProgramsModule {}

import { Module } from '@nestjs/common';
import { AuditModule as AuditLibrary } from '../../../../libs/audit/audit.module';
import { PairingModule as PairingLibrary } from '../../../../libs/pairing/pairing.module';
import { PairingController } from './pairing.controller';
import { PairingService } from './pairing.service';

/** Pairing (结对帮扶). */
@Module({
  imports: [PairingLibrary, AuditLibrary],
  controllers: [PairingController],
  providers: [PairingService],
})
export class PairingModule {}

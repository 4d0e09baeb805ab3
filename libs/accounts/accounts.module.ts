import { Module } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository';

/** User accounts, sessions, refresh tokens and the login log. */
@Module({
  providers: [AccountsRepository],
  exports: [AccountsRepository],
})
export class AccountsModule {}

import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccountsModule } from '../../../../libs/accounts/accounts.module';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { FeaturesModule } from '../../../../libs/features.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Module({
  imports: [
    AccountsModule,
    FeaturesModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: {
          expiresIn: config.JWT_EXPIRES_IN as `${number}m`,
          issuer: 'bangfu',
          algorithm: 'HS256',
        },
        verifyOptions: { issuer: 'bangfu', algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, AccountsModule],
})
export class AuthModule {}

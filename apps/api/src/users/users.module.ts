import { Module } from '@nestjs/common';
import { FeaturesModule } from '../../../../libs/features.module';
import { AuthModule } from '../auth/auth.module';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [AuthModule, FeaturesModule],
  controllers: [UsersController],
  providers: [UsersService],
})
export class UsersModule {}

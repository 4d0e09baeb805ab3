import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import * as bcrypt from 'bcryptjs';
import { Repository } from 'typeorm';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { OrgUnit, User } from '../../../../libs/database/entities';
import { ROLE_LABELS } from '../../../../libs/domain/roles';
import { AppException, ErrorCode } from '../common/errors';
import type { AuthUser } from './auth.decorators';

export interface LoginResult {
  accessToken: string;
  user: AuthUser & { orgUnitName: string; roleLabels: string[] };
}

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(OrgUnit) private readonly units: Repository<OrgUnit>,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.users.findOne({ where: { username } });
    const ok = user?.active === true && (await bcrypt.compare(password, user.passwordHash));
    if (!user || !ok) {
      throw new AppException(
        HttpStatus.UNAUTHORIZED,
        ErrorCode.Unauthenticated,
        'Wrong username or password',
        [
          {
            field: 'password',
            rule: 'credentials',
            message: 'username and password do not match an active account',
          },
        ],
      );
    }
    if (user.isDemo && this.config.NODE_ENV === 'production') {
      throw new AppException(
        HttpStatus.UNAUTHORIZED,
        ErrorCode.Unauthenticated,
        'Demo accounts are disabled in production',
        [
          {
            field: 'username',
            rule: 'demo_account',
            message: 'demo accounts only work when NODE_ENV is not production',
          },
        ],
      );
    }
    const unit = await this.units.findOneByOrFail({ id: user.orgUnitId });
    const claims: AuthUser = {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      orgUnitId: unit.id,
      orgPath: unit.path,
    };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      accessToken,
      user: {
        ...claims,
        orgUnitName: unit.nameZh,
        roleLabels: user.roles.map((r) => ROLE_LABELS[r]?.zh ?? r),
      },
    };
  }
}

import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ErrorBodyDto } from '../common/dto/error.response';
import { AuthUser, CurrentUser, Public, SelfService } from './auth.decorators';
import { AuthService, ClientInfo, LoginResult, RetryAfter } from './auth.service';
import { ChangePasswordDto, LoginDto, RefreshDto } from './dto/login.dto';
import { AuthUserDto, LoginResponseDto } from './dto/login.response';

function clientOf(req: Request): ClientInfo {
  return {
    ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    userAgent: req.get('user-agent')?.slice(0, 300) ?? null,
  };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in: a short access token, a refresh token and the user (roles, org unit, grants)',
    description:
      'Failed logins count per account and per client address (figures in the policy `accounts`); a locked account or address answers 429 with Retry-After.',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({ type: ErrorBodyDto })
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResult> {
    try {
      return await this.auth.login(dto.username, dto.password, clientOf(req));
    } catch (err) {
      if (err instanceof RetryAfter) {
        res.setHeader('Retry-After', String(err.seconds));
        throw err.refusal;
      }
      throw err;
    }
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A new access token and refresh token for a refresh token (single use: a reused one ends the session)',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  refresh(@Body() dto: RefreshDto, @Req() req: Request): Promise<LoginResult> {
    return this.auth.refresh(dto.refreshToken, clientOf(req));
  }

  @SelfService()
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its refresh token is revoked, its access token stops working' })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(user);
  }

  @SelfService()
  @Post('change-password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Change my password (required after an admin created or reset the account); ends every session and starts a new one',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
  ): Promise<LoginResult> {
    return this.auth.changePassword(user, dto.currentPassword, dto.newPassword, clientOf(req));
  }

  @SelfService()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The user the token belongs to' })
  @ApiOkResponse({ type: AuthUserDto })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}

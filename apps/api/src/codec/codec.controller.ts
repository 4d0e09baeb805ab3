import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { CodecService } from './codec.service';
import { CodecPayloadsDto } from './dto/codec.dto';

/**
 * Codec server for the Temporal UI (Settings → Codec Server: `<API origin>/codec`, with "pass the
 * access token"): workflow payloads are AES-256-GCM encrypted, so the UI shows them only through
 * this endpoint, to administrators, every decode audited. CORS: TEMPORAL_UI_ORIGIN.
 */
@ApiTags('codec')
@ApiBearerAuth()
@Controller('codec')
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(200)
  @Roles('admin')
  @ApiHeader({ name: 'x-namespace', required: false })
  @ApiOperation({ summary: 'Decode Temporal payloads for the Temporal UI (admin; audited)' })
  @ApiOkResponse({ type: CodecPayloadsDto })
  decode(
    @Body() body: CodecPayloadsDto,
    @CurrentUser() user: AuthUser,
    @Headers('x-namespace') namespace?: string,
  ): Promise<CodecPayloadsDto> {
    return this.codec.decode(body, user, namespace);
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Encode Temporal payloads (for the Temporal UI: signals and queries it sends)' })
  @ApiOkResponse({ type: CodecPayloadsDto })
  encode(@Body() body: CodecPayloadsDto): Promise<CodecPayloadsDto> {
    return this.codec.encode(body);
  }
}

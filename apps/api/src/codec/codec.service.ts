import { Inject, Injectable } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { AuditRepository } from '../../../../libs/audit/audit.repository';
import { APP_CONFIG } from '../../../../libs/config/config.module';
import type { AppConfig } from '../../../../libs/config/env';
import { EncryptionCodec } from '../../../../libs/security/payload-codec';
import type { AuthUser } from '../auth/auth.decorators';
import { AppException } from '../common/errors';
import type { CodecPayloadDto, CodecPayloadsDto } from './dto/codec.dto';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function bytes(value: unknown, field: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw AppException.validation([{ field, rule: 'isBase64', message: `${field} must be base64` }]);
  }
  return new Uint8Array(Buffer.from(value, 'base64'));
}

function toPayload(p: CodecPayloadDto, i: number): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata).map(([k, v]) => [k, bytes(v, `payloads.${i}.metadata.${k}`)]),
    ),
    data: p.data === undefined ? new Uint8Array() : bytes(p.data, `payloads.${i}.data`),
  };
}

function toDto(p: Payload): CodecPayloadDto {
  return {
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [
        k,
        Buffer.from(v ?? new Uint8Array()).toString('base64'),
      ]),
    ),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}

/** The Temporal UI's codec server: decodes (audited: histories may hold personal data) and encodes. */
@Injectable()
export class CodecService {
  private readonly codec: EncryptionCodec;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditRepository,
  ) {
    this.codec = EncryptionCodec.fromConfig(config);
  }

  async decode(body: CodecPayloadsDto, user: AuthUser, namespace?: string): Promise<CodecPayloadsDto> {
    const payloads = body.payloads.map(toPayload);
    let decoded: Payload[];
    try {
      decoded = await this.codec.decode(payloads);
    } catch (err) {
      throw AppException.validation([
        { field: 'payloads', rule: 'decodable', message: (err as Error).message || 'not decodable' },
      ]);
    }
    await this.audit.append({
      actorId: user.userId,
      action: 'codec.decode',
      entityType: 'temporal_payloads',
      entityId: namespace?.slice(0, 200) || 'default',
      details: { payloads: payloads.length },
    });
    return { payloads: decoded.map(toDto) };
  }

  async encode(body: CodecPayloadsDto): Promise<CodecPayloadsDto> {
    return { payloads: (await this.codec.encode(body.payloads.map(toPayload))).map(toDto) };
  }
}

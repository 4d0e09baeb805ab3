import { Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppException } from './errors';

/** Path ids must be UUIDs: anything else is a 400 naming the parameter. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, meta: ArgumentMetadata): string {
    if (!isUUID(value)) {
      const field = meta.data ?? 'id';
      throw AppException.validation([{ field, rule: 'isUuid', message: `${field} must be a UUID` }]);
    }
    return value;
  }
}

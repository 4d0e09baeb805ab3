import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { AppException } from './errors';

/** The largest value a PostgreSQL `integer` column holds. */
export const PG_INT_MAX = 2_147_483_647;

/**
 * A path parameter that must be a decimal integer within [min, max] (default: a positive
 * PostgreSQL integer). `3.0e+16`, `1.5`, `-1` or `99999999999` is a 400 naming the parameter and
 * the rule, never a database error.
 */
@Injectable()
export class IntParamPipe implements PipeTransform<string, number> {
  constructor(
    private readonly min = 1,
    private readonly max = PG_INT_MAX,
  ) {}

  transform(value: string, meta: ArgumentMetadata): number {
    const field = meta.data ?? 'id';
    if (!/^-?\d{1,16}$/.test(value)) {
      throw AppException.validation([
        { field, rule: 'isInt', message: `${field} must be a decimal integer` },
      ]);
    }
    const n = Number(value);
    if (n < this.min) {
      throw AppException.validation([
        { field, rule: 'min', message: `${field} must be at least ${this.min}`, params: { min: this.min } },
      ]);
    }
    if (n > this.max) {
      throw AppException.validation([
        { field, rule: 'max', message: `${field} must be at most ${this.max}`, params: { max: this.max } },
      ]);
    }
    return n;
  }
}

/**
 * The field checker the policy validators share (validatePolicy and the section validators in
 * lifecycle-policy.ts): each reader reports problems as {field, rule, message} and answers undefined.
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins).
 */
import { isFen } from '../money';

/**
 * One problem in a policy document. `rule` is one of: required, type, unknown_field, non_empty,
 * code_format, fen, positive_fen, integer, range, min_le_max, unique, unknown_role, unknown_stage,
 * unknown_program, unknown_category, category_needs_file, catch_all_required, unreachable_rule.
 */
export interface PolicyValidationError {
  field: string;
  rule: string;
  message: string;
  /** The figures the console words the refusal with (limits, the value given). */
  params?: Record<string, string | number>;
}

/** Program and stage codes are lower-case identifiers (so "*" can never be a program code). */
export const CODE_PATTERN = /^[a-z][a-z0-9_]*$/;

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export class Checker {
  readonly errors: PolicyValidationError[] = [];

  add(field: string, rule: string, message: string, params?: Record<string, string | number>): undefined {
    this.errors.push(params ? { field, rule, message, params } : { field, rule, message });
    return undefined;
  }

  /** An object with exactly the allowed keys (missing keys are reported by the field readers). */
  object(value: unknown, path: string, allowed: readonly string[]): Obj | undefined {
    if (value === undefined) return this.add(path, 'required', `${path || 'policy'} is required`);
    if (!isObj(value)) return this.add(path, 'type', `${path || 'policy'} must be an object`);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(at(path, key), 'unknown_field', `unknown field ${at(path, key)}`);
    }
    return value;
  }

  private present(obj: Obj, key: string, path: string): unknown {
    const value = obj[key];
    if (value === undefined) this.add(at(path, key), 'required', `${at(path, key)} is required`);
    return value;
  }

  string(obj: Obj, key: string, path: string): string | undefined {
    const field = at(path, key);
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.add(field, 'type', `${field} must be a string`);
    if (!value.trim()) return this.add(field, 'non_empty', `${field} must not be empty`);
    return value;
  }

  code(obj: Obj, key: string, path: string): string | undefined {
    const value = this.string(obj, key, path);
    if (value !== undefined && !CODE_PATTERN.test(value)) {
      const field = at(path, key);
      return this.add(
        field,
        'code_format',
        `${field} must be a lower-case identifier like "illness", got "${value}"`,
      );
    }
    return value;
  }

  boolean(obj: Obj, key: string, path: string): boolean | undefined {
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean')
      return this.add(at(path, key), 'type', `${at(path, key)} must be true or false`);
    return value;
  }

  /** Integer fen ≥ 0; `nullable` allows null. */
  fen(obj: Obj, key: string, path: string, nullable: true): number | null | undefined;
  fen(obj: Obj, key: string, path: string, nullable?: false): number | undefined;
  fen(obj: Obj, key: string, path: string, nullable = false): number | null | undefined {
    const field = at(path, key);
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (value === null && nullable) return null;
    if (!isFen(value) || value < 0) {
      return this.add(
        field,
        'fen',
        `${field} must be a whole number of fen ≥ 0${nullable ? ' or null' : ''}`,
      );
    }
    return value;
  }

  integer(obj: Obj, key: string, path: string, min: number, max: number): number | undefined {
    const field = at(path, key);
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'number') return this.add(field, 'type', `${field} must be a number`);
    if (!Number.isSafeInteger(value))
      return this.add(field, 'integer', `${field} must be a whole number`, { value });
    if (value < min || value > max) {
      return this.add(field, 'range', `${field} must be from ${min} to ${max}, got ${value}`, {
        min,
        max,
        value,
      });
    }
    return value;
  }

  array(obj: Obj, key: string, path: string, nonEmpty: boolean): unknown[] | undefined {
    const field = at(path, key);
    const value = this.present(obj, key, path);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.add(field, 'type', `${field} must be a list`);
    if (nonEmpty && value.length === 0) return this.add(field, 'non_empty', `${field} must not be empty`);
    return value;
  }

  /** Reports the second and later occurrences of each code. */
  unique(codes: Array<string | undefined>, fieldOf: (index: number) => string, what: string): void {
    const seen = new Set<string>();
    codes.forEach((code, index) => {
      if (code === undefined) return;
      if (seen.has(code)) this.add(fieldOf(index), 'unique', `${what} "${code}" appears more than once`);
      seen.add(code);
    });
  }
}

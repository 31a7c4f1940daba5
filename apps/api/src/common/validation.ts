import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from './domain-errors';

/** Flattens class-validator's tree into `{ field: 'a.b[0].c', message }` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent
      ? /^\d+$/.test(error.property)
        ? `${parent}[${error.property}]`
        : `${parent}.${error.property}`
      : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export class RequestValidationError extends BadRequestException {
  constructor(readonly errors: FieldError[]) {
    super(`Invalid request: ${errors.map((e) => e.field).join(', ')}`);
  }
}

/** Where a value holds a string with a NUL character, as field paths like validation errors use. */
function nulFields(value: unknown, path: string): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path || 'body'] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulFields(item, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => nulFields(item, path ? `${path}.${key}` : key));
  return [];
}

/** Distinct valid query strings kept per query DTO (the cache starts over when full). */
const VALID_QUERIES_MAX = 500;
/** Types ValidationPipe does not validate as DTOs. */
const BUILT_IN_TYPES: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

type Scalar = string | number | boolean | null | undefined;
const isScalar = (v: unknown): v is Scalar => v === null || typeof v !== 'object';

/** A DTO whose fields are scalars or arrays of scalars, as query strings give. */
function isFlat(dto: unknown): dto is object {
  return (
    !!dto &&
    typeof dto === 'object' &&
    Object.values(dto).every((v) => isScalar(v) || (Array.isArray(v) && v.every(isScalar)))
  );
}

function copyOf(dto: object): object {
  const copy = Object.create(Object.getPrototypeOf(dto) as object) as Record<string, unknown>;
  for (const [key, v] of Object.entries(dto)) copy[key] = Array.isArray(v) ? [...(v as Scalar[])] : v;
  return copy;
}

/**
 * ValidationPipe hands a JSON `null` body to the handler unvalidated, so `PATCH` with `null` would
 * count as an empty change and `publish` would publish; a DTO body must be a JSON object.
 * PostgreSQL text cannot hold NUL, so a string with one would fail the query with a 500: refuse it here.
 */
class ObjectBodyValidationPipe extends ValidationPipe {
  /**
   * Query DTOs already validated, by DTO class and query: clients send the same few query strings over
   * and over (list pages, refreshes), and transforming plus validating one cost more CPU than the rest
   * of the framework's work on a list request. Validators are pure functions of the input; only valid
   * queries are kept, and each caller gets its own copy.
   */
  private readonly validQueries = new Map<unknown, Map<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dtoClass = metadata.metatype;
    if (
      metadata.type !== 'query' ||
      metadata.data !== undefined ||
      typeof dtoClass !== 'function' ||
      BUILT_IN_TYPES.includes(dtoClass) ||
      !value ||
      typeof value !== 'object'
    )
      return this.validateNow(value, metadata);
    let known = this.validQueries.get(dtoClass);
    if (!known) this.validQueries.set(dtoClass, (known = new Map()));
    const key = JSON.stringify(value);
    const dto = known.get(key);
    if (dto) return copyOf(dto);
    const validated = await this.validateNow(value, metadata);
    if (!isFlat(validated)) return validated;
    if (known.size >= VALID_QUERIES_MAX) known.clear();
    known.set(key, copyOf(validated));
    return validated;
  }

  private async validateNow(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto =
      metadata.type === 'body' &&
      metadata.data === undefined &&
      typeof metadata.metatype === 'function' &&
      metadata.metatype !== Object;
    if (isDto && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value)))
      throw new RequestValidationError([{ field: 'body', message: 'must be a JSON object' }]);
    if (metadata.type === 'body' || metadata.type === 'query') {
      const fields = nulFields(value, metadata.data ?? '');
      if (fields.length)
        throw new RequestValidationError(
          fields.map((field) => ({ field, message: 'must not contain NUL characters' })),
        );
    }
    return super.transform(value, metadata);
  }
}

/** Whitelist + forbid unknown properties + transform, with errors that name every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ObjectBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}

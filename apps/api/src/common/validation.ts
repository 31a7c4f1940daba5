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

/**
 * ValidationPipe hands a JSON `null` body to the handler unvalidated, so `PATCH` with `null` would
 * count as an empty change and `publish` would publish; a DTO body must be a JSON object.
 * PostgreSQL text cannot hold NUL, so a string with one would fail the query with a 500: refuse it here.
 */
class ObjectBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
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

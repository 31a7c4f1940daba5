import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
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

/** Whitelist + forbid unknown properties + transform, with errors that name every bad field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}

import { ArgumentMetadata, Injectable, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { NotFoundError } from './domain-errors';
import { RequestValidationError } from './validation';

/** ParseUUIDPipe whose 400 names the path parameter, like every other validation error. */
@Injectable()
export class UuidParamPipe extends ParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    try {
      return await super.transform(value, metadata);
    } catch {
      throw new RequestValidationError([{ field: metadata.data ?? 'id', message: 'must be a UUID' }]);
    }
  }
}

const INT4_MAX = 2_147_483_647;

/** ParseIntPipe whose 400 names the path parameter, like every other validation error. */
@Injectable()
export class IntParamPipe extends ParseIntPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<number> {
    let n: number;
    try {
      n = await super.transform(value, metadata);
    } catch {
      throw new RequestValidationError([{ field: metadata.data ?? 'value', message: 'must be an integer' }]);
    }
    // Path numbers index 4-byte integer columns: a bigger one names nothing, and PostgreSQL would fail on it.
    if (Math.abs(n) > INT4_MAX) throw new NotFoundError(`No ${metadata.data ?? 'record'} ${value}`);
    return n;
  }
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { BadInputError } from './domain-errors';
import { isUuid } from './ids';

/** `limit` from 1 to `max`, refused with one message naming the range (docs/api.md, "Pagination"). */
function PageLimit(max: number): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ minimum: 1, maximum: max, default: 50 })(target, key);
    IsOptional()(target, key);
    Type(() => Number)(target, key);
    ValidateBy({
      name: 'limit',
      validator: {
        validate: (v) => Number.isInteger(v) && v >= 1 && v <= max,
        defaultMessage: () => `must be an integer from 1 to ${max}`,
      },
    })(target, key);
  };
}

/**
 * `?limit=50&cursor=…` of a keyset-paginated list (docs/api.md, "Pagination"). A list's query DTO,
 * `<X>QueryDto` in its module's `dto/<x>-query.dto.ts`, extends it and adds its filters; the answer is
 * `{ items, nextCursor }`.
 */
export class PageQueryDto {
  @PageLimit(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/**
 * The same for the lists that allow up to 200 a page: the administrative ones (organisations, users,
 * audit events, sync jobs) and a workspace's files.
 */
export class LargePageQueryDto {
  @PageLimit(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

/** One page of a keyset-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset cursor: the sort key values of the last row of a page, opaque to clients. */
export function encodeKeyset(values: string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeKeyset(cursor: string | undefined, arity: number): string[] | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === arity && parsed.every((v) => typeof v === 'string'))
      return parsed;
  } catch {
    // any undecodable cursor is the caller's mistake, answered below
  }
  throw new BadInputError('Invalid cursor', [
    { field: 'cursor', message: 'is not a cursor returned by this list' },
  ]);
}

/** Fetch limit + 1 rows, then cut: the extra row tells whether there is a next page. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeKeyset(keyOf(last)) : null };
}

/**
 * Opaque cursor of a keyset-paginated list: the sort key and id of the last row returned.
 * Lists sort by (timestamp DESC, id DESC) so a cursor stays valid while rows are added.
 */
export interface KeysetPosition {
  at: string;
  id: string;
}

export function encodeCursor(at: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([typeof at === 'string' ? at : at.toISOString(), id])).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      isUuid(parsed[1])
    ) {
      return { at: parsed[0], id: String(parsed[1]) };
    }
  } catch {
    // fall through: any undecodable cursor is the caller's mistake
  }
  throw new BadInputError('Invalid cursor', [
    { field: 'cursor', message: 'is not a cursor returned by this list' },
  ]);
}

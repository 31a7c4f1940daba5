import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BadInputError } from '../common/domain-errors';

/** `?limit=50&cursor=…` of the lists of this area (organisations, users, audit events). */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

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

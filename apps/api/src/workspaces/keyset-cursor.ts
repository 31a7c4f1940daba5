import { BadInputError } from '../common/domain-errors';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (!cursor) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      UUID.test(String(parsed[1]))
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

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

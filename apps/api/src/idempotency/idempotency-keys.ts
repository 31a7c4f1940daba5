import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config';

/** How long the first request holds its key; a process that died mid-request frees it after this. */
const IN_FLIGHT_LEASE_SECONDS = 120;

export type KeyClaim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; statusCode: number; body: unknown }
  | { outcome: 'in-flight' }
  | { outcome: 'other-request' };

/**
 * Idempotency keys per user in PostgreSQL: the primary key (user, key) lets exactly one request claim
 * a key, whichever API process it reaches; later ones replay its stored answer.
 */
@Injectable()
export class IdempotencyKeys {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Claims the key for this request, taking over a row that expired or whose first request died;
   * otherwise says what the row holds.
   */
  async claim(userId: string, key: string, requestHash: string): Promise<KeyClaim> {
    // A row can vanish between the two statements (released after a failure, cleaned up): then claim again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const claimed: unknown[] = await this.dataSource.query(
        `INSERT INTO idempotency_key AS k (user_id, key, request_hash, expires_at, locked_until)
           VALUES ($1, $2, $3, now() + make_interval(secs => $4), now() + make_interval(secs => $5))
         ON CONFLICT (user_id, key) DO UPDATE SET
           request_hash = excluded.request_hash, status_code = NULL, response_body = NULL,
           created_at = now(), expires_at = excluded.expires_at, locked_until = excluded.locked_until
         WHERE k.expires_at <= now() OR (k.status_code IS NULL AND k.locked_until <= now())
         RETURNING 1`,
        [userId, key, requestHash, this.config.idempotencyKeyMs / 1000, IN_FLIGHT_LEASE_SECONDS],
      );
      if (claimed.length) return { outcome: 'claimed' };
      const [row]: { request_hash: string; status_code: number | null; response_body: unknown }[] =
        await this.dataSource.query(
          `SELECT request_hash, status_code, response_body FROM idempotency_key WHERE user_id = $1 AND key = $2`,
          [userId, key],
        );
      if (!row) continue;
      if (row.request_hash !== requestHash) return { outcome: 'other-request' };
      if (row.status_code === null) return { outcome: 'in-flight' };
      return { outcome: 'replay', statusCode: row.status_code, body: row.response_body };
    }
    return { outcome: 'in-flight' };
  }

  /** Stores the answer of the request that claimed the key, for its retries to replay. */
  async complete(userId: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_key SET status_code = $3, response_body = $4::jsonb, locked_until = NULL
        WHERE user_id = $1 AND key = $2`,
      [userId, key, statusCode, JSON.stringify(body ?? null)],
    );
  }

  /** The request failed: nothing was created, so a retry with the key must run again. */
  async release(userId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_key WHERE user_id = $1 AND key = $2 AND status_code IS NULL`,
      [userId, key],
    );
  }

  async deleteExpired(): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM idempotency_key WHERE expires_at <= now()`,
    );
    return deleted;
  }
}

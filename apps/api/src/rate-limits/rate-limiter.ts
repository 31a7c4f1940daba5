import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** One counter to bump: `limit` hits per `windowSeconds`, under a key naming who and what is counted. */
export interface RateLimitRule {
  /** e.g. `user:<id>`, `org:<id>`, `ip:login:<address>`. */
  key: string;
  limit: number;
  windowSeconds: number;
  /** The setting that sets `limit`, named in the 429 answer. */
  name: string;
}

/** Where a counter stands after this request's hit. */
export interface RateLimitState {
  rule: RateLimitRule;
  hits: number;
  remaining: number;
  /** Seconds until the window ends and the counter starts over. */
  resetSeconds: number;
  exceeded: boolean;
}

/**
 * Fixed-window counters in PostgreSQL, so every API process counts the same hits. All counters of a
 * request are bumped by one statement (one round trip): the upsert starts a fresh window when the old
 * one has ended, and PostgreSQL's row lock makes each bump atomic across processes. Refused requests
 * count too, so a client that keeps hammering stays refused until the window ends.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly dataSource: DataSource) {}

  /** Bumps every rule's counter; the most restrictive state comes first (exceeded, then least remaining). */
  async hit(rules: RateLimitRule[]): Promise<RateLimitState[]> {
    // A fixed key order: two requests bumping the same counters lock their rows in the same order.
    const sorted = [...rules].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const rows: { key: string; hits: number; reset_seconds: number }[] = await this.dataSource.query(
      `INSERT INTO rate_limit_counter AS c (key, hits, window_ends_at)
         SELECT key, 1, now() + make_interval(secs => seconds)
           FROM unnest($1::varchar[], $2::int[]) AS t(key, seconds)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.window_ends_at <= now() THEN 1 ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.window_ends_at <= now() THEN excluded.window_ends_at ELSE c.window_ends_at END
       RETURNING key, hits, ceil(extract(epoch FROM window_ends_at - now()))::int AS reset_seconds`,
      [sorted.map((rule) => rule.key), sorted.map((rule) => rule.windowSeconds)],
    );
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return sorted
      .map((rule) => {
        const row = byKey.get(rule.key)!;
        return {
          rule,
          hits: row.hits,
          remaining: Math.max(0, rule.limit - row.hits),
          resetSeconds: Math.max(1, row.reset_seconds),
          exceeded: row.hits > rule.limit,
        };
      })
      .sort((a, b) => Number(b.exceeded) - Number(a.exceeded) || a.remaining - b.remaining);
  }

  /** Drops counters whose window has ended (the maintenance schedule); returns how many. */
  async deleteExpired(): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM rate_limit_counter WHERE window_ends_at <= now()`,
    );
    return deleted;
  }
}

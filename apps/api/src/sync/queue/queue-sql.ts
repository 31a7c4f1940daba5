/**
 * The few statements the queue runs on pg-boss's own tables (schema `pgboss`, pg-boss 10.x) where its
 * API has no equivalent. Kept together so an upgrade of pg-boss has one place to check.
 */
export const BOSS_SCHEMA = 'pgboss';

/**
 * A failed attempt that will be retried: back to `retry`, due after the chosen delay. Only a job
 * still `active` is touched, so a job that expired and was handed to another worker is left alone.
 * $1 name, $2 id, $3 output, $4 delay seconds.
 */
export const RETRY_JOB_SQL = `
  UPDATE ${BOSS_SCHEMA}.job SET
    state = 'retry', start_after = now() + $4::float8 * interval '1 second', output = $3::jsonb
  WHERE name = $1 AND id = $2::uuid AND state = 'active'`;

/**
 * A job's last failure: `failed`, with a copy in the queue's dead-letter queue (the same copy pg-boss
 * makes when a job expires for the last time), in one statement. Kept apart from RETRY_JOB_SQL: an
 * INSERT routed through the partitioned job table costs a few milliseconds even when it inserts nothing.
 * $1 name, $2 id, $3 output.
 */
export const FAIL_JOB_SQL = `
  WITH settled AS (
    UPDATE ${BOSS_SCHEMA}.job SET state = 'failed', completed_on = now(), output = $3::jsonb
    WHERE name = $1 AND id = $2::uuid AND state = 'active'
    RETURNING *
  ), dead AS (
    INSERT INTO ${BOSS_SCHEMA}.job (name, data, output, retry_limit, keep_until)
    SELECT dead_letter, data, output, retry_limit, keep_until + (keep_until - start_after)
    FROM settled
    WHERE dead_letter IS NOT NULL AND name <> dead_letter
    RETURNING id
  )
  SELECT (SELECT count(*) FROM dead)::int AS dead_lettered`;

export const SUBSCRIBED_QUEUES_SQL = `SELECT name FROM ${BOSS_SCHEMA}.subscription WHERE event = $1`;

export const COUNT_BY_QUEUE_AND_STATE_SQL = `
  SELECT name, state::text AS state, count(*)::int AS count
  FROM ${BOSS_SCHEMA}.job
  WHERE name NOT LIKE '__pgboss__%'
  GROUP BY name, state`;

/**
 * Takes up to $2 ready jobs of queue $1, oldest readiness first. pg-boss's own fetch orders by
 * priority and creation time, which sorts the whole eligible backlog on every fetch; ordering by
 * `start_after` follows its partial index (name, start_after) WHERE state < 'active', so a fetch reads
 * only the rows it returns however long the queue is. Same state changes as pg-boss's fetch; only
 * for queues without singleton/stately policies (those need pg-boss's per-key gating).
 */
export const FETCH_READY_JOBS_SQL = `
  WITH next AS (
    SELECT id
    FROM ${BOSS_SCHEMA}.job
    WHERE name = $1 AND state < 'active' AND start_after < now()
    ORDER BY start_after
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  )
  UPDATE ${BOSS_SCHEMA}.job j SET
    state = 'active',
    started_on = now(),
    retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
  FROM next
  WHERE j.name = $1 AND j.id = next.id
  RETURNING j.id, j.name, j.data, EXTRACT(epoch FROM j.expire_in)::float8 AS "expireInSeconds",
    j.retry_count AS "retryCount", j.retry_limit AS "retryLimit"`;

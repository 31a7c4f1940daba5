import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface EffectOnce {
  /**
   * Checks the external system for a marker of an earlier attempt (e.g. Jira issues labelled
   * `portico-<defect id>`), for the window where a worker died after the call but before recording it.
   * Returns the external ref found, or null.
   */
  lookup?: () => Promise<string | null>;
  /** Carries out the effect; returns the external id it produced (Jira key, comment id, file token). */
  perform: () => Promise<string | null>;
}

export interface EffectResult {
  externalRef: string | null;
  /** True when the effect had happened before and was not repeated. */
  replayed: boolean;
}

/**
 * Idempotency for job handlers. Jobs are delivered at least once: a worker that dies between the
 * external call and completing its job gets the job run again after the job's expiry. Each external
 * effect is keyed by what it is about, not by job id (a re-driven job is a new job), e.g.
 * `jira.comment:<comment id>`, and recorded in `sync_effect` as soon as it succeeds:
 *
 *   const { externalRef } = await effects.once(`jira.create-issue:${defect.id}`, {
 *     lookup: () => jira.findIssueByLabel(`portico-${defect.id}`),
 *     perform: async () => (await jira.createIssue(...)).key,
 *   });
 *
 * Without `lookup` the remaining window is the instant between the call returning and the insert;
 * effects that must never repeat need an external marker checked by `lookup`.
 */
@Injectable()
export class SyncEffectService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The recorded external ref (possibly null) if the effect happened, else undefined. */
  async find(
    key: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null | undefined> {
    const rows: Array<{ external_ref: string | null }> = await manager.query(
      `SELECT external_ref FROM sync_effect WHERE job_key = $1`,
      [key],
    );
    return rows.length ? rows[0].external_ref : undefined;
  }

  /** Records an effect; a second record of the same key keeps the first. Returns the ref on file. */
  async record(
    key: string,
    externalRef: string | null,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string | null> {
    await manager.query(
      `INSERT INTO sync_effect (job_key, external_ref) VALUES ($1, $2) ON CONFLICT (job_key) DO NOTHING`,
      [key, externalRef],
    );
    return (await this.find(key, manager)) ?? null;
  }

  async once(key: string, effect: EffectOnce): Promise<EffectResult> {
    const known = await this.find(key);
    if (known !== undefined) return { externalRef: known, replayed: true };
    const found = effect.lookup ? await effect.lookup() : null;
    if (found !== null) return { externalRef: await this.record(key, found), replayed: true };
    const made = await effect.perform();
    return { externalRef: await this.record(key, made), replayed: false };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface Marker {
  at: Date;
  detail: Record<string, unknown>;
}

/** Named points in time the sync engine keeps: last webhook per source, last reconciliation. */
@Injectable()
export class SyncMarkersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(name: string, manager: EntityManager = this.dataSource.manager): Promise<Marker | undefined> {
    const rows: Array<{ at: Date; detail: Record<string, unknown> }> = await manager.query(
      `SELECT at, detail FROM sync_marker WHERE name = $1`,
      [name],
    );
    return rows[0];
  }

  async set(
    name: string,
    at: Date | 'now',
    detail: Record<string, unknown> = {},
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO sync_marker (name, at, detail) VALUES ($1, COALESCE($2::timestamptz, now()), $3::jsonb)
       ON CONFLICT (name) DO UPDATE SET at = EXCLUDED.at, detail = EXCLUDED.detail`,
      [name, at === 'now' ? null : at.toISOString(), JSON.stringify(detail)],
    );
  }
}

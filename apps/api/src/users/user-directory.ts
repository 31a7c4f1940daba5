import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface DirectoryEntry {
  id: string;
  name: string;
  email: string;
  orgId: string;
  role: string;
  status: string;
}

/** Names and organisations of users by id, for modules that show who did what (transmittal receipts). */
@Injectable()
export class UserDirectory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async byIds(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, DirectoryEntry>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (!unique.length) return new Map();
    const rows: DirectoryEntry[] = await manager.query(
      `SELECT id, display_name AS name, email, org_id AS "orgId", role, status FROM "user" WHERE id = ANY($1::uuid[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }
}

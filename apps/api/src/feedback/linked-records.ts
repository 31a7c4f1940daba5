import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AbilityFactory, accessibleWhere, AuthUser } from '@portico/auth';
import { DataSource, EntityManager } from 'typeorm';
import type { RevisionState } from '../files';
import { PeopleService, type Person } from '../users';
import { Workspace, WorkspacesService } from '../workspaces';

export interface LinkedItem {
  id: string;
  workspaceId: string;
  sourceType: string;
  sourceRef: string;
  title: string | null;
  workspace: Workspace;
}

export interface LinkedRevision {
  id: string;
  fileId: string;
  workspaceId: string;
  seq: number;
  label: string | null;
  state: string;
  objectKey: string;
  size: number;
  contentType: string;
  originalName: string;
  documentNumber: string;
  fileTitle: string;
  linkedItemId: string | null;
}

export type { Person };

/** What a reader of a defect learns about one of its attachments. */
export interface ReadableAttachment {
  revisionId: string;
  fileId: string;
  seq: number;
  label: string | null;
  fileName: string;
  size: number;
  contentType: string;
  state: RevisionState;
}

/**
 * Read-only lookups of rows owned by the sharing and files modules, by id, which their
 * services do not offer in this form (system reads by queue handlers, batch name lookups). Plain SQL on
 * purpose: feedback never writes these tables and needs no entity of theirs. Visibility for a user
 * comes from the same CASL rules (`accessibleWhere`) and workspace liveness as everywhere else.
 */
@Injectable()
export class LinkedRecords {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workspaces: WorkspacesService,
    private readonly abilities: AbilityFactory,
    private readonly users: PeopleService,
  ) {}

  /** A shared item the user may read (suppliers: published, not withdrawn, live workspace), or null. */
  async accessibleItem(
    user: AuthUser,
    itemId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LinkedItem | null> {
    const qb = manager
      .createQueryBuilder()
      .select([
        'item.id AS id',
        'item.workspace_id AS "workspaceId"',
        'item.source_type AS "sourceType"',
        'item.source_ref AS "sourceRef"',
        'item.latest_title AS title',
      ])
      .from('shared_item', 'item')
      .innerJoin(Workspace, 'workspace', 'workspace.id = item.workspace_id')
      .where('item.id = :itemId', { itemId })
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'SharedItem', 'item'));
    if (user.orgKind === 'supplier') {
      this.workspaces.applyAccessFilter(qb, 'workspace', user);
      qb.andWhere('item.withdrawn_at IS NULL').andWhere('item.latest_version > 0');
    }
    const row = await qb.getRawOne<Omit<LinkedItem, 'workspace'>>();
    if (!row) return null;
    return { ...row, workspace: await this.workspaces.getById(row.workspaceId, manager) };
  }

  async item(itemId: string): Promise<Omit<LinkedItem, 'workspace'> | null> {
    const rows = await this.dataSource.query(
      `SELECT id, workspace_id AS "workspaceId", source_type AS "sourceType", source_ref AS "sourceRef", latest_title AS title
         FROM shared_item WHERE id = $1`,
      [itemId],
    );
    return rows[0] ?? null;
  }

  async revisions(ids: string[]): Promise<LinkedRevision[]> {
    if (!ids.length) return [];
    return this.dataSource.query(
      `SELECT r.id, r.file_id AS "fileId", f.workspace_id AS "workspaceId", r.seq, r.label, r.state, r.object_key AS "objectKey",
              r.size::float8 AS size, r.content_type AS "contentType", r.original_name AS "originalName",
              f.document_number AS "documentNumber", f.title AS "fileTitle", f.linked_item_id AS "linkedItemId"
         FROM file_revision r JOIN file f ON f.id = r.file_id
        WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /**
   * The revisions among `ids` the user may read (the files module's rules: suppliers only those of
   * their own live workspaces), in the order of `ids`; any other id is left out.
   */
  async readableAttachments(user: AuthUser, ids: string[]): Promise<ReadableAttachment[]> {
    if (!ids.length) return [];
    const qb = this.dataSource
      .createQueryBuilder()
      .select([
        'revision.id AS "revisionId"',
        'revision.file_id AS "fileId"',
        'revision.seq AS seq',
        'revision.label AS label',
        'revision.original_name AS "fileName"',
        'revision.size::float8 AS size',
        'revision.content_type AS "contentType"',
        'revision.state AS state',
      ])
      .from('file_revision', 'revision')
      .innerJoin('file', 'file', 'file.id = revision.file_id')
      .innerJoin(Workspace, 'workspace', 'workspace.id = file.workspace_id')
      .where('revision.id IN (:...ids)', { ids })
      .andWhere(accessibleWhere(this.abilities.createForUser(user), 'read', 'FileRevision', 'revision'));
    this.workspaces.applyAccessFilter(qb, 'workspace', user, 'read');
    const rows = new Map((await qb.getRawMany<ReadableAttachment>()).map((r) => [r.revisionId, r] as const));
    return ids.flatMap((id) => rows.get(id) ?? []);
  }

  /** Authors and reporters, asked of the users module. */
  people(ids: string[]): Promise<Map<string, Person>> {
    return this.users.people(ids);
  }
}

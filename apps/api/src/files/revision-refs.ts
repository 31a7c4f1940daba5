import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthUser } from '@portico/auth';
import { DataSource, EntityManager } from 'typeorm';
import type { RevisionState } from './entities/file-revision.entity';
import { FileAccess } from './file-access';

/** An available revision of a file, as other modules may reference it (transmittals). */
export interface AvailableRevisionRef {
  fileId: string;
  seq: number;
  label: string | null;
  fileName: string;
  documentNumber: string;
  title: string;
}

/** A revision by id with its file, for system work of other modules (flow back, defect delivery). */
export interface RevisionRef {
  id: string;
  fileId: string;
  workspaceId: string;
  seq: number;
  label: string | null;
  state: RevisionState;
  objectKey: string;
  size: number;
  contentType: string;
  originalName: string;
  documentNumber: string;
  fileTitle: string;
  linkedItemId: string | null;
}

/** What a reader learns about a revision attached elsewhere (a defect's attachments). */
export interface ReadableRevision {
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
 * Lets other modules check that file revisions exist in a given workspace and are available (verified,
 * not superseded), look them up by id, and learn which ones a user may read (the files module's own
 * rules, `FileAccess`), without reading the files module's tables themselves.
 */
@Injectable()
export class RevisionRefs {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: FileAccess,
  ) {}

  /** The ids of every revision of a file, whatever their state (no user's rules). */
  async idsOfFile(fileId: string): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM file_revision WHERE file_id = $1`,
      [fileId],
    );
    return rows.map((row) => row.id);
  }

  /** The revisions among `ids` that exist, whatever their state, with their file (no user's rules). */
  async byIds(ids: string[]): Promise<RevisionRef[]> {
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

  /** The revisions among `ids` the user may read, in the order of `ids`; any other id is left out. */
  async readable(user: AuthUser, ids: string[]): Promise<ReadableRevision[]> {
    if (!ids.length) return [];
    const rows = await this.access
      .visibleRevisions(user)
      .andWhere('revision.id IN (:...ids)', { ids })
      .getMany();
    const byId = new Map(rows.map((r) => [r.id, r] as const));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r
        ? [
            {
              revisionId: r.id,
              fileId: r.fileId,
              seq: r.seq,
              label: r.label,
              fileName: r.originalName,
              size: r.size,
              contentType: r.contentType,
              state: r.state,
            },
          ]
        : [];
    });
  }

  /** The available revisions among `refs` (keyed `<fileId>:<seq>`); others are absent from the map. */
  async availableRevisions(
    workspaceId: string,
    refs: { fileId: string; seq: number }[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, AvailableRevisionRef>> {
    const found = new Map<string, AvailableRevisionRef>();
    if (!refs.length) return found;
    const rows: {
      file_id: string;
      seq: number;
      label: string | null;
      original_name: string;
      document_number: string;
      title: string;
    }[] = await manager.query(
      `SELECT r.file_id, r.seq, r.label, r.original_name, f.document_number, f.title
         FROM file_revision r JOIN file f ON f.id = r.file_id
        WHERE f.workspace_id = $1 AND r.state = 'available'
          AND (r.file_id, r.seq) IN (SELECT * FROM unnest($2::uuid[], $3::int[]))`,
      [workspaceId, refs.map((r) => r.fileId), refs.map((r) => r.seq)],
    );
    for (const row of rows)
      found.set(`${row.file_id}:${row.seq}`, {
        fileId: row.file_id,
        seq: row.seq,
        label: row.label,
        fileName: row.original_name,
        documentNumber: row.document_number,
        title: row.title,
      });
    return found;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** An available revision of a file, as other modules may reference it (transmittals). */
export interface AvailableRevisionRef {
  fileId: string;
  seq: number;
  label: string | null;
  fileName: string;
  documentNumber: string;
  title: string;
}

/**
 * Lets other modules check that file revisions exist in a given workspace and are available (verified,
 * not superseded), without reading the files module's tables themselves.
 */
@Injectable()
export class RevisionRefs {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BadInputError, FieldError } from '../common/domain-errors';
import { RevisionRefs } from '../files/revision-refs';
import { VersionRefs } from '../sharing/version-refs';
import { TransmittalContentInputDto } from './dto/transmittal-input.dto';
import { TransmittalContent } from './entities/transmittal-content.entity';

export type ContentRow = Omit<TransmittalContent, 'id' | 'transmittalId'>;

/** The portal page opening exactly the revision a content was issued at. */
export function contentPath(
  c: Pick<TransmittalContent, 'kind' | 'itemId' | 'version' | 'fileId' | 'revisionSeq'>,
): string {
  return c.kind === 'item_version'
    ? `/items/${c.itemId}/versions/${c.version}`
    : `/files/${c.fileId}?revision=${c.revisionSeq}`;
}

/**
 * Turns requested contents into rows, asking sharing and files (through their services) whether each
 * item version is published and each file revision available in the workspace; 400 names the entry.
 */
@Injectable()
export class TransmittalContents {
  constructor(
    private readonly versions: VersionRefs,
    private readonly revisions: RevisionRefs,
  ) {}

  async resolve(
    workspaceId: string,
    inputs: TransmittalContentInputDto[],
    manager: EntityManager,
  ): Promise<ContentRow[]> {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    inputs.forEach((c, i) => {
      const key = c.itemId !== undefined ? `i:${c.itemId}:${c.version}` : `f:${c.fileId}:${c.revisionSeq}`;
      if (seen.has(key)) errors.push({ field: `contents[${i}]`, message: 'is listed twice' });
      seen.add(key);
    });
    if (errors.length) throw new BadInputError('Invalid contents', errors);
    const versionRefs = inputs
      .filter((c) => c.itemId !== undefined)
      .map((c) => ({ itemId: c.itemId!, version: c.version! }));
    const revisionRefs = inputs
      .filter((c) => c.itemId === undefined)
      .map((c) => ({ fileId: c.fileId!, seq: c.revisionSeq! }));
    const [versions, revisions] = await Promise.all([
      this.versions.publishedVersions(workspaceId, versionRefs, manager),
      this.revisions.availableRevisions(workspaceId, revisionRefs, manager),
    ]);
    const rows: ContentRow[] = [];
    inputs.forEach((c, position) => {
      if (c.itemId !== undefined) {
        const v = versions.get(`${c.itemId}:${c.version}`);
        if (!v) {
          errors.push({
            field: `contents[${position}].version`,
            message: 'is not a published version of an item of this workspace',
          });
          return;
        }
        rows.push({
          position,
          kind: 'item_version',
          itemId: v.itemId,
          version: v.version,
          fileId: null,
          revisionSeq: null,
          revisionLabel: null,
          fileName: null,
          title: v.title,
          jiraKey: v.jiraKey,
        });
      } else {
        const r = revisions.get(`${c.fileId}:${c.revisionSeq}`);
        if (!r) {
          errors.push({
            field: `contents[${position}].revisionSeq`,
            message: 'is not an available revision of a file of this workspace',
          });
          return;
        }
        rows.push({
          position,
          kind: 'file_revision',
          itemId: null,
          version: null,
          fileId: r.fileId,
          revisionSeq: r.seq,
          revisionLabel: r.label,
          fileName: r.fileName,
          title: `${r.documentNumber} ${r.title}${r.label ? ` rev ${r.label}` : ''}`,
          jiraKey: null,
        });
      }
    });
    if (errors.length) throw new BadInputError('Invalid contents', errors);
    return rows;
  }

  /** Re-checks stored contents at issue time (a revision may have been superseded since the draft). */
  async recheck(workspaceId: string, contents: TransmittalContent[], manager: EntityManager): Promise<void> {
    await this.resolve(
      workspaceId,
      contents.map((c) =>
        c.kind === 'item_version'
          ? { itemId: c.itemId!, version: c.version! }
          : { fileId: c.fileId!, revisionSeq: c.revisionSeq! },
      ),
      manager,
    );
  }
}

import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@portico/auth';
import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../common';
import { RevisionRefs, type ReadableRevision, type RevisionRef } from '../files';
import { ItemRefs, SharingService, type ItemRef } from '../sharing';
import { PeopleService, type Person } from '../users';
import type { RedactionRuleInput, Workspace } from '../workspaces';

export interface LinkedItem {
  id: string;
  workspaceId: string;
  sourceType: string;
  sourceRef: string;
  title: string | null;
  fieldAllowlist: string[];
  redactionRules: RedactionRuleInput[];
  workspace: Workspace;
}

export type LinkedRevision = RevisionRef;
/** What a reader of a defect learns about one of its attachments. */
export type ReadableAttachment = ReadableRevision;
export type { Person };

/**
 * The items, revisions and people comments and defects refer to, asked of the modules that own them
 * (sharing, files, users): one call per list or job, never one per row. Visibility for a user is the
 * owning module's own rule (`SharingService.getAccessible`, `RevisionRefs.readable`).
 */
@Injectable()
export class LinkedRecords {
  constructor(
    private readonly sharing: SharingService,
    private readonly items: ItemRefs,
    private readonly revisionRefs: RevisionRefs,
    private readonly users: PeopleService,
  ) {}

  /** A shared item the user may read (suppliers: published, not withdrawn, live workspace), or null. */
  async accessibleItem(user: AuthUser, itemId: string, manager?: EntityManager): Promise<LinkedItem | null> {
    try {
      const { item, workspace } = await this.sharing.getAccessible(user, itemId, manager);
      return {
        id: item.id,
        workspaceId: item.workspaceId,
        sourceType: item.sourceType,
        sourceRef: item.sourceRef,
        title: item.latestTitle,
        fieldAllowlist: item.fieldAllowlist,
        redactionRules: item.redactionRules,
        workspace,
      };
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /** An item by id for system work (no user's rules), or null. */
  async item(itemId: string): Promise<ItemRef | null> {
    return (await this.items.items([itemId])).get(itemId) ?? null;
  }

  revisions(ids: string[]): Promise<LinkedRevision[]> {
    return this.revisionRefs.byIds(ids);
  }

  /** The revisions among `ids` the user may read (the files module's rules), in the order of `ids`. */
  readableAttachments(user: AuthUser, ids: string[]): Promise<ReadableAttachment[]> {
    return this.revisionRefs.readable(user, ids);
  }

  /** Authors and reporters, asked of the users module. */
  people(ids: string[]): Promise<Map<string, Person>> {
    return this.users.people(ids);
  }
}

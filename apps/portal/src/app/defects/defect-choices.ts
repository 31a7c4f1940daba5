import { computed, Signal, signal } from '@angular/core';
import { debounceTime, filter, map, Subject, Subscription } from 'rxjs';
import type { Page } from '../core/api/api-types';
import { CursorList } from '../core/api/cursor-list';
import { FilesApi } from '../files/files-api.service';
import { PortalFile } from '../files/files.types';
import { SharingApi } from '../items/sharing-api.service';
import { SharedItem } from '../items/sharing.types';

/**
 * What a defect report may refer to: the workspace's shared items and its files that hold content,
 * each searched through the API and loaded a page at a time so a workspace with hundreds stays reachable.
 */
export class DefectChoices {
  private readonly itemChoices: SearchedChoices<SharedItem>;
  private readonly fileChoices: SearchedChoices<PortalFile>;
  readonly items: CursorList<SharedItem>;
  readonly files: CursorList<PortalFile>;
  readonly itemOptions: Signal<SharedItem[]>;
  readonly fileOptions: Signal<PortalFile[]>;

  constructor(sharingApi: SharingApi, filesApi: FilesApi, workspaceId: () => string, debounceMs = 300) {
    this.itemChoices = new SearchedChoices(
      (q, cursor) => sharingApi.items(workspaceId(), { q }, cursor),
      debounceMs,
    );
    this.fileChoices = new SearchedChoices(
      (q, cursor) => filesApi.list(workspaceId(), cursor, q),
      debounceMs,
      // A file without content has no revision to point at.
      (f) => f.currentRevision !== null,
    );
    this.items = this.itemChoices.list;
    this.files = this.fileChoices.list;
    this.itemOptions = this.itemChoices.options;
    this.fileOptions = this.fileChoices.options;
  }

  load(): Promise<unknown> {
    return Promise.all([this.items.reload(), this.files.reload()]);
  }

  searchItems(text: string): void {
    this.itemChoices.search(text);
  }

  searchFiles(text: string): void {
    this.fileChoices.search(text);
  }

  pickItem(id: string): void {
    this.itemChoices.pick(id);
  }

  pickFile(id: string): void {
    this.fileChoices.pick(id);
  }

  destroy(): void {
    this.itemChoices.destroy();
    this.fileChoices.destroy();
  }
}

/** One picker's choices, searched through the API's `q`, with the picked row kept among the options. */
class SearchedChoices<T extends { id: string }> {
  readonly list: CursorList<T>;
  /** Kept while a search that does not match it is shown, so the picker still names the choice. */
  private readonly picked = signal<T | null>(null);
  readonly options = computed(() => {
    const picked = this.picked();
    const rows = this.list.items();
    return picked && !rows.some((r) => r.id === picked.id) ? [picked, ...rows] : rows;
  });
  private query = '';
  private readonly queries = new Subject<string>();
  private readonly searching: Subscription;

  constructor(
    fetchPage: (q: string, cursor: string | undefined) => Promise<Page<T>>,
    debounceMs: number,
    keep?: (row: T) => boolean,
  ) {
    this.list = new CursorList((cursor) => fetchPage(this.query, cursor ?? undefined), { keep });
    // One request once typing pauses, not one per key.
    this.searching = this.queries
      .pipe(
        map((q) => q.trim()),
        debounceTime(debounceMs),
        filter((q) => q !== this.query),
      )
      .subscribe((q) => {
        this.query = q;
        void this.list.reload();
      });
  }

  search(text: string): void {
    this.queries.next(text);
  }

  pick(id: string): void {
    this.picked.set(this.options().find((r) => r.id === id) ?? null);
  }

  destroy(): void {
    this.searching.unsubscribe();
  }
}

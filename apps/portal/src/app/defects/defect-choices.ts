import { computed, signal } from '@angular/core';
import { debounceTime, filter, firstValueFrom, map, Subject, Subscription } from 'rxjs';
import { CursorList } from '../core/api/cursor-list';
import { FilesApi } from '../files/files-api.service';
import { PortalFile } from '../files/files.types';
import { SharingApi } from '../items/sharing-api.service';
import { SharedItem } from '../items/sharing.types';

/**
 * What a defect report may refer to: the workspace's shared items, searched by title through the API,
 * and its files that hold content, each a page at a time so a workspace with hundreds stays reachable.
 */
export class DefectChoices {
  readonly items: CursorList<SharedItem>;
  readonly files: CursorList<PortalFile>;
  /** The item picked, kept among the options while a search that does not match it is shown. */
  private readonly picked = signal<SharedItem | null>(null);
  readonly itemOptions = computed(() => {
    const picked = this.picked();
    const items = this.items.items();
    return picked && !items.some((i) => i.id === picked.id) ? [picked, ...items] : items;
  });
  private query = '';
  private readonly queries = new Subject<string>();
  private readonly searching: Subscription;

  constructor(sharingApi: SharingApi, filesApi: FilesApi, workspaceId: () => string, debounceMs = 300) {
    this.items = new CursorList((cursor) =>
      firstValueFrom(sharingApi.items(workspaceId(), { q: this.query }, cursor ?? undefined)),
    );
    this.files = new CursorList(
      (cursor) => firstValueFrom(filesApi.list(workspaceId(), cursor ?? undefined)),
      {
        keep: (f) => f.currentRevision !== null,
      },
    );
    // One request once typing pauses, not one per key.
    this.searching = this.queries
      .pipe(
        map((q) => q.trim()),
        debounceTime(debounceMs),
        filter((q) => q !== this.query),
      )
      .subscribe((q) => {
        this.query = q;
        void this.items.reload();
      });
  }

  load(): Promise<unknown> {
    return Promise.all([this.items.reload(), this.files.reload()]);
  }

  searchItems(text: string): void {
    this.queries.next(text);
  }

  pickItem(id: string): void {
    this.picked.set(this.itemOptions().find((i) => i.id === id) ?? null);
  }

  destroy(): void {
    this.searching.unsubscribe();
  }
}

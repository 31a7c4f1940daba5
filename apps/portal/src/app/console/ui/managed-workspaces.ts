import { computed, inject, signal } from '@angular/core';
import { subject } from '@casl/ability';
import { AbilityServiceSignal } from '@casl/angular';
import type { AppAbility } from '../../core/auth/ability';
import { WorkspaceListEntry, WorkspacesApi } from '../api/workspaces-api.service';

/**
 * The workspaces a console list spans: every one the caller can read (`readable`, for names), those they
 * manage (`managed`, for the workspace filter; follows ability updates), and the filter's options.
 * Create it in a field of a component (it injects its services); call `load()` once.
 */
export class ManagedWorkspaces {
  private readonly api = inject(WorkspacesApi);
  private readonly abilities = inject<AbilityServiceSignal<AppAbility>>(AbilityServiceSignal);
  readonly readable = signal<WorkspaceListEntry[]>([]);
  readonly managed = computed(() =>
    this.readable().filter((ws) => this.abilities.can('update', subject('Workspace', { ...ws }))),
  );
  readonly options = computed(() => this.managed().map((ws) => ({ value: ws.id, label: ws.name })));
  private readonly names = computed(() => new Map(this.readable().map((ws) => [ws.id, ws.name])));

  /** The list stays usable without names when the workspaces cannot be read. */
  async load(): Promise<void> {
    await this.api.listAll().then(
      (all) => this.readable.set(all),
      () => undefined,
    );
  }

  name(id: string): string {
    return this.names().get(id) ?? '';
  }

  byId(id: string): WorkspaceListEntry | undefined {
    return this.readable().find((ws) => ws.id === id);
  }
}

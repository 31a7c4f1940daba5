import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@portico/auth';
import { AuditService, type RequestMeta } from '../audit';
import { WorkspacesService } from './workspaces.service';

/** A per-workspace setting that another module owns and stores (download policy, file safety policy). */
export interface WorkspaceSetting<T extends object> {
  /** The audit action recorded on a change, e.g. `workspace.download_policy.updated`. */
  action: string;
  /** The setting's fields; a change leaves out the ones it keeps. */
  fields: readonly (keyof T)[];
  load(workspaceId: string): Promise<T>;
  save(workspaceId: string, next: T, userId: string): Promise<void>;
}

/**
 * Reading and changing a workspace's settings the same way everywhere: readers of the workspace read
 * it (else 404), the users who may update the workspace change it (else 403), fields a request leaves
 * out keep their value, and each change is audited with the values before and after.
 */
@Injectable()
export class WorkspaceSettings {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly audit: AuditService,
  ) {}

  async read<T extends object>(
    user: AuthUser,
    workspaceId: string,
    setting: WorkspaceSetting<T>,
  ): Promise<T> {
    await this.workspaces.getAccessible(user, workspaceId, 'read');
    return setting.load(workspaceId);
  }

  async change<T extends object>(
    user: AuthUser,
    workspaceId: string,
    setting: WorkspaceSetting<T>,
    change: Partial<T>,
    meta?: RequestMeta,
  ): Promise<T> {
    await this.workspaces.getAccessible(user, workspaceId, 'update');
    const current = await setting.load(workspaceId);
    const next = Object.fromEntries(setting.fields.map((f) => [f, change[f] ?? current[f]])) as T;
    await setting.save(workspaceId, next, user.id);
    await this.audit.record({
      action: setting.action,
      actor: user,
      workspaceId,
      resourceType: 'Workspace',
      resourceId: workspaceId,
      meta,
      details: { from: current, to: next },
    });
    return setting.load(workspaceId);
  }
}

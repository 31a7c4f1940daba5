import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { ForbiddenError, NotFoundError } from '../common/domain-errors';
import { Workspace } from './entities/workspace.entity';
import { addSupplierLiveness, WorkspaceAction, WorkspaceViewer } from './workspace-access';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class WorkspacesService {
  constructor(@InjectRepository(Workspace) private readonly workspaces: Repository<Workspace>) {}

  /**
   * The workspace if the caller may see it and perform `action` on it. Invisible and missing look the
   * same (404) so another organisation cannot probe ids; visible but not allowed is 403.
   * Suppliers see a workspace only while it is live (not archived, not expired).
   */
  async getAccessible(viewer: WorkspaceViewer, id: string, action: WorkspaceAction = 'read'): Promise<Workspace> {
    if (!UUID.test(id)) throw new NotFoundError('Workspace not found');
    const qb = this.workspaces.createQueryBuilder('workspace').where('workspace.id = :id', { id });
    this.applyAccessFilter(qb, 'workspace', viewer, 'read');
    const workspace = await qb.getOne();
    if (!workspace) throw new NotFoundError('Workspace not found');
    if (action !== 'read' && !this.allows(viewer, action, workspace)) {
      throw new ForbiddenError(`Not allowed to ${action} this workspace`);
    }
    return workspace;
  }

  /**
   * Narrows any query that joins `workspace` under `alias` to the workspaces the caller may `action`,
   * including supplier liveness. Other modules use it on their own queries, e.g.
   * `qb.innerJoin('workspace', 'ws', 'ws.id = file.workspace_id'); workspaces.applyAccessFilter(qb, 'ws', user)`.
   */
  applyAccessFilter<T extends WhereExpressionBuilder>(
    qb: T,
    alias: string,
    viewer: WorkspaceViewer,
    action: WorkspaceAction = 'read',
  ): T {
    qb.andWhere(new Brackets((b) => this.permissionCondition(b, alias, viewer, action)));
    addSupplierLiveness(qb, alias, viewer);
    return qb;
  }

  /** Convenience for callers holding a query builder over the workspace entity itself. */
  accessibleQuery(viewer: WorkspaceViewer, action: WorkspaceAction = 'read'): SelectQueryBuilder<Workspace> {
    return this.applyAccessFilter(this.workspaces.createQueryBuilder('workspace'), 'workspace', viewer, action);
  }

  // Baseline rules of DESIGN.md §1 (admin all; PM reads all, changes own; supplier reads own org's).
  // Replaced by the CASL rules of libs/auth as soon as the ability factory is available.
  private permissionCondition(b: WhereExpressionBuilder, alias: string, viewer: WorkspaceViewer, action: WorkspaceAction) {
    const p = `ws_${alias.replace(/\W/g, '_')}`;
    if (viewer.role === 'admin') return b.where('1=1');
    if (viewer.role === 'pm') {
      return action === 'read' ? b.where('1=1') : b.where(`${alias}.owner_id = :${p}_owner`, { [`${p}_owner`]: viewer.id });
    }
    if (viewer.orgKind === 'supplier' && action === 'read') {
      return b.where(`${alias}.supplier_org_id = :${p}_org`, { [`${p}_org`]: viewer.orgId });
    }
    return b.where('1=0');
  }

  private allows(viewer: WorkspaceViewer, action: WorkspaceAction, ws: Workspace): boolean {
    if (viewer.role === 'admin') return true;
    return viewer.role === 'pm' && ws.ownerId === viewer.id && action !== 'manage';
  }
}

import { Brackets, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';

/** The caller as the access rules need it; `AuthUser` of libs/auth satisfies this shape. */
export interface WorkspaceViewer {
  id: string;
  orgId: string;
  orgKind: 'internal' | 'supplier';
  role: string;
}

export type WorkspaceAction = 'read' | 'update' | 'manage';

/**
 * Supplier access to a workspace ends the moment it is archived or its access expires (DESIGN.md §4a),
 * whatever the permission rules say; internal users keep seeing it for audit and history.
 */
export function addSupplierLiveness(where: WhereExpressionBuilder, alias: string, viewer: WorkspaceViewer): void {
  if (viewer.orgKind !== 'supplier') return;
  where.andWhere(`${alias}.archived_at IS NULL`).andWhere(
    new Brackets((b) => b.where(`${alias}.access_expires_at IS NULL`).orWhere(`${alias}.access_expires_at > now()`)),
  );
}

export function isLiveForSuppliers(ws: { archivedAt: Date | null; accessExpiresAt: Date | null }, now = new Date()): boolean {
  return ws.archivedAt === null && (ws.accessExpiresAt === null || ws.accessExpiresAt.getTime() > now.getTime());
}

export type AnyQueryBuilder = SelectQueryBuilder<object>;

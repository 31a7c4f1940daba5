import type { EntityManager } from 'typeorm';

/**
 * Whether an organisation is a supplier, asked when a workspace is created or moved to one. The
 * organizations module provides it (it owns the table); the workspaces module only asks, so it does
 * not depend on organizations, which depends on it (as with `DRAFT_COUNTER`).
 */
export interface SupplierOrganizations {
  /** `manager`: the caller's transaction, so the answer holds for what it writes. */
  isSupplier(orgId: string, manager?: EntityManager): Promise<boolean>;
}

export const SUPPLIER_ORGANIZATIONS = Symbol('SUPPLIER_ORGANIZATIONS');

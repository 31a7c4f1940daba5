import { InternalItemDto, SupplierItemDto } from './dto/item-response.dto';
import type { SharedItem } from './entities/shared-item.entity';
import type { ItemRow } from './item-list.service';

const iso = (d: Date | string | null | undefined) =>
  d instanceof Date ? d.toISOString() : d ? new Date(d).toISOString() : null;

/** Shapes a list row or an entity for a supplier: published facts only. */
export function supplierItemView(row: ItemRow | SharedItem, lastSeenVersion: number): SupplierItemDto {
  const r = 'sourceType' in row ? fromEntity(row) : row;
  const latestVersion = Number(r.latestVersion);
  const seen = Math.min(Number(lastSeenVersion), latestVersion);
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    type: r.type,
    title: r.title,
    status: r.status,
    latestVersion,
    lastPublishedAt: iso(r.lastPublishedAt),
    dueDate: r.dueDate ?? null,
    priority: r.priority ?? null,
    overdue: !!r.overdue,
    lastSeenVersion: seen,
    unseenChanges: latestVersion - seen,
  };
}

export function internalItemView(row: ItemRow | SharedItem, lastSeenVersion: number): InternalItemDto {
  const r = 'sourceType' in row ? fromEntity(row) : row;
  return {
    ...supplierItemView(r, lastSeenVersion),
    sourceRef: r.sourceRef as string,
    fields: r.fields ?? [],
    redactionRules: r.redactionRules ?? [],
    hasDraft: !!r.hasDraft,
    flag: r.flag ?? null,
    withdrawnAt: iso(r.withdrawnAt),
    createdAt: iso(r.createdAt) as string,
  };
}

function fromEntity(item: SharedItem): ItemRow {
  return {
    id: item.id,
    workspaceId: item.workspaceId,
    type: item.sourceType,
    title: item.latestTitle ?? item.draft?.title ?? null,
    status: item.latestStatus,
    latestVersion: item.latestVersion,
    lastPublishedAt: item.lastPublishedAt,
    dueDate: item.latestDueDate,
    priority: item.latestPriority,
    overdue:
      !!item.latestDueDate && !item.latestDone && item.latestDueDate < new Date().toISOString().slice(0, 10),
    sortAt: item.lastPublishedAt ?? item.createdAt,
    lastSeenVersion: 0,
    sourceRef: item.sourceRef,
    fields: item.fieldAllowlist,
    redactionRules: item.redactionRules,
    hasDraft: item.draft !== null,
    flag: item.flag,
    withdrawnAt: item.withdrawnAt,
    createdAt: item.createdAt,
  };
}

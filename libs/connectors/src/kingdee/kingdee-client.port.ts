/** Injection token of the Kingdee client; application code gets the port, never the HTTP class. */
export const KINGDEE_CLIENT = Symbol('KINGDEE_CLIENT');

export interface KingdeeBillQuery {
  formId: string;
  fieldKeys: string[];
  /** Built with kingdee-filter.ts, never from raw input. */
  filter?: string;
  /** Always sent: Kingdee's default order is unspecified, and paging needs a stable one. */
  orderBy: string;
}

export interface KingdeeSaveData {
  /** Kingdee writes the whole bill without it; the client refuses to send a Save without it. */
  NeedUpDateFields: string[];
  NeedReturnFields?: string[];
  /** Must be false: true (Kingdee's default) deletes every entry missing from `Model`. */
  IsDeleteEntry: false;
  Model: Record<string, unknown>;
}

export interface KingdeeSaved {
  id: number;
  number: string;
}

/** The Kingdee WebAPI calls Portico makes (contract: ExecuteBillQuery, View, Save). */
export interface KingdeeClient {
  /** One page of rows, values in `fieldKeys` order. */
  executeBillQuery(query: KingdeeBillQuery, page: { startRow: number; limit: number }): Promise<unknown[][]>;
  /** Every row, page by page until a short page (Kingdee returns no total). */
  queryAll(query: KingdeeBillQuery, pageSize?: number): Promise<unknown[][]>;
  view(formId: string, key: { number: string } | { id: number }): Promise<Record<string, unknown>>;
  save(formId: string, data: KingdeeSaveData): Promise<KingdeeSaved>;
}

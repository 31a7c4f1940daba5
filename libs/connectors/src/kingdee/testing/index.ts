export * from './kingdee-simulator';
export type { SimOrder, SimOrderEntry, SimSupplier } from './kingdee-simulator-state';

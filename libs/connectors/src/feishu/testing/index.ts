export * from './feishu-simulator';
export {
  buildBlocks as buildFeishuSeedBlocks,
  defaultFeishuSeed,
  defaultFeishuUsers,
  DEFAULT_TENANT_KEY as FEISHU_SIMULATOR_TENANT_KEY,
} from './feishu-seed';
export type {
  SeedDocument as FeishuSeedDocument,
  SeedFolder as FeishuSeedFolder,
  SeedNode as FeishuSeedNode,
  SeedUser as FeishuSeedUser,
} from './feishu-seed';

import { createMongoAbility, MongoAbility, RawRuleOf } from '@casl/ability';
import { unpackRules, PackRule } from '@casl/ability/extra';

export type AppAbility = MongoAbility;

export function createAppAbility(): AppAbility {
  return createMongoAbility();
}

/** `GET me` may send rules packed (compact arrays) or raw; both end up as raw CASL rules. */
export function toRawRules(rules: readonly unknown[] | undefined): RawRuleOf<AppAbility>[] {
  if (!rules?.length) return [];
  if (Array.isArray(rules[0])) return unpackRules(rules as PackRule<RawRuleOf<AppAbility>>[]);
  return rules as RawRuleOf<AppAbility>[];
}

import { Injectable } from '@nestjs/common';
import { AbilityBuilder, createMongoAbility, MongoAbility, MongoQuery } from '@casl/ability';
import { packRules, PackRule } from '@casl/ability/extra';
import type { AuthUser } from './auth-user';
import { defineRulesFor } from './ability.rules';
import { narrowRulesToScopes } from './token-scopes';

export const ACTIONS = [
  'manage',
  'create',
  'read',
  'update',
  'delete',
  'publish',
  'review',
  'acknowledge',
  'retry',
  'export',
] as const;
export type Action = (typeof ACTIONS)[number];

export const SUBJECTS = [
  'Organization',
  'User',
  'Invitation',
  'AuditEvent',
  'Workspace',
  'SharedItem',
  'ItemVersion',
  'File',
  'FileRevision',
  'Defect',
  'Comment',
  'SyncJob',
  'Notification',
  'PurchaseOrder',
  'DeliveryConfirmation',
  'Transmittal',
  // Jira/Feishu connection status and settings: no rule grants it, so only `manage all` (admins) reaches it.
  'Connector',
] as const;
export type SubjectName = (typeof SUBJECTS)[number];

/**
 * A subject is a type name (`'Workspace'`: "may the caller do this to at least one?") or a row.
 * Entity instances are recognised by class name; plain objects need `subject('Workspace', row)`.
 */
export type AppSubject = SubjectName | 'all' | object;
export type AppAbility = MongoAbility<[Action, AppSubject], MongoQuery>;

/**
 * Abilities by caller. The rules depend on the AuthUser alone, and the account check hands out the
 * same AuthUser object for a few seconds (a new one after any change to the account), so requests
 * of that caller share one ability instead of building it two or three times per request.
 */
const abilities = new WeakMap<AuthUser, AppAbility>();

/** The one place abilities are built (the rules themselves live in ability.rules.ts). */
@Injectable()
export class AbilityFactory {
  createForUser(user: AuthUser): AppAbility {
    let ability = abilities.get(user);
    if (!ability) {
      const builder = new AbilityBuilder<AppAbility>(createMongoAbility);
      defineRulesFor(user, builder);
      if (user.apiToken)
        builder.rules.splice(
          0,
          builder.rules.length,
          ...narrowRulesToScopes(builder.rules, user.apiToken.scopes),
        );
      ability = builder.build();
      abilities.set(user, ability);
    }
    return ability;
  }

  /** Rules in @casl/ability's packed form, for `@casl/angular` in the portal (`unpackRules`). */
  packedRulesFor(user: AuthUser): PackRule<AppAbility['rules'][number]>[] {
    return packRules(this.createForUser(user).rules);
  }
}

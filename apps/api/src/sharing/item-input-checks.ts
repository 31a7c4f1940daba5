import { BadInputError } from '../common';
import { validateRedactionRules } from '../workspaces';
import type { SharedItem } from './entities/shared-item.entity';
import { fieldsNotApplicable } from './projection/source-fields';

/** An explicit allowlist naming fields the source type does not have would share less than asked. */
export function checkSharedFields(sourceType: SharedItem['sourceType'], fields?: string[]) {
  const foreign = fields ? fieldsNotApplicable(sourceType, fields) : [];
  if (foreign.length === 0) return;
  const kind = sourceType === 'feishu_doc' ? 'a document' : 'a Jira issue';
  throw new BadInputError(
    `Fields not available for ${kind}: ${foreign.join(', ')}`,
    foreign.map((name) => ({ field: 'fields', message: `${name} is not a field of ${kind}` })),
  );
}

/** Redaction rules must compile (see workspaces' validateRedactionRules); 400 naming each bad rule. */
export function checkRedactionRules(rules?: { pattern: string; flags?: string }[]) {
  if (!rules) return;
  const errors = validateRedactionRules(rules);
  if (errors.length) throw new BadInputError('Invalid redaction rules', errors);
}

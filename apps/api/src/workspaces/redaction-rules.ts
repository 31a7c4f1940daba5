import safeRegex from 'safe-regex2';
import { BadInputError, FieldError } from '../common';

export interface RedactionRuleInput {
  pattern: string;
  flags?: string;
  replacement?: string;
}

export const MAX_REDACTION_RULES = 50;
export const MAX_PATTERN_LENGTH = 200;
const DEFAULT_REPLACEMENT = '█████';

/** A validated rule; always global so every occurrence is masked. */
export interface CompiledRedaction {
  regex: RegExp;
  replacement: string;
}

/**
 * Regexes come from PMs and run over every shared text, so a pattern with exponential backtracking
 * (`(a+)+$`) would let one rule stall the API. Patterns are length-capped and must pass safe-regex2's
 * star-height check; backreferences and lookarounds are rejected because they defeat that check.
 */
export function validateRedactionRules(rules: RedactionRuleInput[], field = 'redactionRules'): FieldError[] {
  const errors: FieldError[] = [];
  if (rules.length > MAX_REDACTION_RULES)
    errors.push({ field, message: `at most ${MAX_REDACTION_RULES} rules` });
  rules.forEach((rule, i) => {
    const f = `${field}[${i}].pattern`;
    if (typeof rule.pattern !== 'string' || rule.pattern.length === 0)
      return errors.push({ field: f, message: 'must be a non-empty regular expression' });
    if (rule.pattern.length > MAX_PATTERN_LENGTH)
      return errors.push({ field: f, message: `must be at most ${MAX_PATTERN_LENGTH} characters` });
    if (rule.flags !== undefined && !/^[imsu]*$/.test(rule.flags)) {
      errors.push({ field: `${field}[${i}].flags`, message: 'may only contain i, m, s, u' });
      return;
    }
    try {
      new RegExp(rule.pattern, rule.flags ?? '');
    } catch (e) {
      return errors.push({ field: f, message: `is not a valid regular expression: ${(e as Error).message}` });
    }
    if (/\\[1-9]|\\k<|\(\?<?[=!]/.test(rule.pattern))
      return errors.push({ field: f, message: 'must not use backreferences or lookarounds' });
    if (!safeRegex(rule.pattern, { limit: 25 }))
      return errors.push({ field: f, message: 'could backtrack catastrophically (nested quantifiers)' });
    if (new RegExp(rule.pattern, rule.flags ?? '').test(''))
      errors.push({ field: f, message: 'must not match the empty string' });
  });
  return errors;
}

export function compileRedactionRules(rules: RedactionRuleInput[]): CompiledRedaction[] {
  const errors = validateRedactionRules(rules);
  if (errors.length) throw new BadInputError('Invalid redaction rules', errors);
  return rules.map((r) => ({
    regex: new RegExp(r.pattern, `${(r.flags ?? '').replace(/g/g, '')}g`),
    replacement: r.replacement ?? DEFAULT_REPLACEMENT,
  }));
}

export function redactText(text: string, rules: CompiledRedaction[]): string {
  // The replacement is literal: `$1` in a PM's replacement must not pull captured text back in.
  return rules.reduce((acc, rule) => acc.replace(rule.regex, () => rule.replacement), text);
}

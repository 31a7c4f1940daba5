import type { RedactionRule } from '../api/console-api.types';

/** Same default as the API's projection, so the preview shows what suppliers will read. */
export const DEFAULT_REDACTION_REPLACEMENT = '█████';

export interface RedactionPreview {
  /** The sample after every valid rule ran, in order. */
  output: string;
  /** How many matches each rule replaced (null when the rule cannot run). */
  matches: Array<number | null>;
  /** Why a rule cannot run, by rule index; the API refuses to save such rules. */
  errors: Array<string | null>;
}

/**
 * Mirrors the API's redaction (apps/api/src/sharing/projection/redaction.ts): every rule is global,
 * the replacement is literal (`$1` stays `$1`), and a rule matching the empty string is refused.
 * The API additionally refuses patterns that could backtrack catastrophically; that check stays
 * server-side and shows up as a field error on save.
 */
export function previewRedaction(sample: string, rules: readonly RedactionRule[]): RedactionPreview {
  const matches: Array<number | null> = [];
  const errors: Array<string | null> = [];
  let output = sample;
  for (const rule of rules) {
    const compiled = compile(rule);
    if (typeof compiled === 'string') {
      matches.push(null);
      errors.push(compiled);
      continue;
    }
    let count = 0;
    const replacement = rule.replacement ?? DEFAULT_REDACTION_REPLACEMENT;
    output = output.replace(compiled, () => {
      count += 1;
      return replacement;
    });
    matches.push(count);
    errors.push(null);
  }
  return { output, matches, errors };
}

function compile(rule: RedactionRule): RegExp | string {
  if (!rule.pattern) return 'empty';
  const flags = rule.flags ?? '';
  if (!/^[imsu]*$/.test(flags)) return 'flags';
  let regex: RegExp;
  try {
    regex = new RegExp(rule.pattern, `${flags}g`);
  } catch {
    return 'invalid';
  }
  if (new RegExp(rule.pattern, flags).test('')) return 'matchesEmpty';
  if (/\\[1-9]|\\k<|\(\?<?[=!]/.test(rule.pattern)) return 'lookaround';
  return regex;
}

import { BadInputError } from '../common';

/**
 * A user's JQL is AND-ed inside the workspace scope, so it must not be able to close the scope's
 * parenthesis (`x) OR (project = OTHER`) or append its own ORDER BY. Quoted strings are skipped.
 */
export function assertContainedJql(jql: string, field = 'jql'): void {
  let depth = 0;
  let quote: string | null = null;
  let outside = '';
  for (let i = 0; i < jql.length; i++) {
    const c = jql[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) break;
    outside += c;
  }
  const problem =
    depth < 0
      ? 'closes a parenthesis it did not open'
      : depth > 0
        ? 'has an unclosed parenthesis'
        : quote
          ? 'has an unterminated string'
          : /\border\s+by\b/i.test(outside)
            ? 'must not contain ORDER BY'
            : null;
  if (problem) throw new BadInputError('Invalid JQL', [{ field, message: problem }]);
}

/** The caller's JQL inside the workspace scope: `(scope) AND (jql)`, newest first. */
export function scopedJql(scope: string, jql: string | undefined): string {
  if (!jql?.trim()) return `${scope} ORDER BY updated DESC`;
  assertContainedJql(jql);
  return `${scope} AND (${jql}) ORDER BY updated DESC`;
}

/**
 * The JQL subset Portico sends (project, key / key in, status, issuetype, priority, labels, updated/created
 * comparisons, text/summary ~, AND/OR/NOT, parentheses, ORDER BY), parsed and evaluated the way Jira does
 * closely enough for the simulator. Anything outside it is a JqlError, which the simulator answers with 400.
 */
export class JqlError extends Error {}

type Value =
  { kind: 'string'; value: string } | { kind: 'empty' } | { kind: 'function'; name: string; args: string[] };

export type JqlExpression =
  | { kind: 'and' | 'or'; operands: JqlExpression[] }
  | { kind: 'not'; operand: JqlExpression }
  | { kind: 'clause'; field: string; operator: string; values: Value[] };

export interface JqlQuery {
  where?: JqlExpression;
  orderBy: { field: string; direction: 'asc' | 'desc' }[];
}

/** What a clause can ask of an issue; the simulator maps its state onto this. */
export interface JqlSubject {
  field(name: string): string | string[] | number | null | undefined;
  /** Every searchable text (summary, description, comments) for `text ~`. */
  text(): string;
}

type Token = { type: 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma'; text: string; at: number };

function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const ch = jql[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < jql.length && jql[j] !== ch) {
        if (jql[j] === '\\' && j + 1 < jql.length) j++;
        text += jql[j++];
      }
      if (j >= jql.length)
        throw new JqlError(
          `Error in the JQL Query: The quoted string starting at character ${i + 1} is not closed.`,
        );
      tokens.push({ type: 'string', text, at: i });
      i = j + 1;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ type: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma', text: ch, at: i });
      i++;
    } else if (/[=!<>~]/.test(ch)) {
      const two = jql.slice(i, i + 2);
      const op = ['!=', '>=', '<=', '!~'].includes(two) ? two : ch;
      if (op === '!')
        throw new JqlError(`Error in the JQL Query: The character '!' at position ${i + 1} is not valid.`);
      tokens.push({ type: 'op', text: op, at: i });
      i += op.length;
    } else {
      const match = /^[^\s"'(),=!<>~]+/.exec(jql.slice(i));
      if (!match)
        throw new JqlError(
          `Error in the JQL Query: The character '${ch}' at position ${i + 1} is not valid.`,
        );
      tokens.push({ type: 'word', text: match[0], at: i });
      i += match[0].length;
    }
  }
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'order', 'by', 'empty', 'null', 'asc', 'desc']);

export function parseJql(jql: string): JqlQuery {
  const tokens = tokenize(jql);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (word: string, token = peek()) =>
    token?.type === 'word' && token.text.toLowerCase() === word;
  const fail = (expected: string): never => {
    const token = peek();
    throw new JqlError(
      token
        ? `Error in the JQL Query: Expecting ${expected} but got '${token.text}'. (line 1, character ${token.at + 1})`
        : `Error in the JQL Query: Expecting ${expected} before the end of the query.`,
    );
  };

  const parseValue = (): Value => {
    const token = peek();
    if (!token || (token.type !== 'word' && token.type !== 'string'))
      return fail('either a value, an operator or a function');
    pos++;
    if (token.type === 'word' && (isWord('empty', token) || isWord('null', token))) return { kind: 'empty' };
    if (token.type === 'word' && peek()?.type === 'lparen') {
      pos++;
      const args: string[] = [];
      while (peek() && peek().type !== 'rparen') {
        const arg = peek();
        if (arg.type === 'comma') {
          pos++;
          continue;
        }
        args.push(arg.text);
        pos++;
      }
      if (!peek()) fail("')'");
      pos++;
      return { kind: 'function', name: token.text.toLowerCase(), args };
    }
    return { kind: 'string', value: token.text };
  };

  const parseClause = (): JqlExpression => {
    const fieldToken = peek();
    if (
      !fieldToken ||
      (fieldToken.type !== 'word' && fieldToken.type !== 'string') ||
      (fieldToken.type === 'word' && KEYWORDS.has(fieldToken.text.toLowerCase()))
    )
      return fail('a field name');
    pos++;
    const field = fieldToken.text.toLowerCase();
    let operator: string;
    const token = peek();
    if (token?.type === 'op') {
      operator = token.text;
      pos++;
    } else if (isWord('in')) {
      operator = 'in';
      pos++;
    } else if (isWord('not') && isWord('in', tokens[pos + 1])) {
      operator = 'not in';
      pos += 2;
    } else if (isWord('is')) {
      pos++;
      operator = isWord('not') ? (pos++, 'is not') : 'is';
    } else {
      return fail(`operator after field '${fieldToken.text}'`);
    }
    let values: Value[];
    if (operator === 'in' || operator === 'not in') {
      if (peek()?.type !== 'lparen') fail("'('");
      pos++;
      values = [parseValue()];
      while (peek()?.type === 'comma') {
        pos++;
        values.push(parseValue());
      }
      if (peek()?.type !== 'rparen') fail("')'");
      pos++;
    } else {
      values = [parseValue()];
      if ((operator === 'is' || operator === 'is not') && values[0].kind !== 'empty')
        throw new JqlError(
          `Error in the JQL Query: The operator '${operator.toUpperCase()}' can only be used with EMPTY or NULL.`,
        );
    }
    return { kind: 'clause', field, operator, values };
  };

  const parsePrimary = (): JqlExpression => {
    if (isWord('not')) {
      pos++;
      return { kind: 'not', operand: parsePrimary() };
    }
    if (peek()?.type === 'lparen') {
      pos++;
      const inner = parseOr();
      if (peek()?.type !== 'rparen') fail("')'");
      pos++;
      return inner;
    }
    return parseClause();
  };
  const parseAnd = (): JqlExpression => {
    const operands = [parsePrimary()];
    while (isWord('and')) {
      pos++;
      operands.push(parsePrimary());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  };
  function parseOr(): JqlExpression {
    const operands = [parseAnd()];
    while (isWord('or')) {
      pos++;
      operands.push(parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  const query: JqlQuery = { orderBy: [] };
  if (peek() && !isWord('order')) query.where = parseOr();
  if (isWord('order')) {
    pos++;
    if (!isWord('by')) fail("'by'");
    pos++;
    do {
      if (peek()?.type === 'comma') pos++;
      const field = peek();
      if (!field || (field.type !== 'word' && field.type !== 'string')) fail('a field name');
      pos++;
      let direction: 'asc' | 'desc' = 'asc';
      if (isWord('asc') || isWord('desc')) direction = tokens[pos++].text.toLowerCase() as 'asc' | 'desc';
      query.orderBy.push({ field: field.text.toLowerCase(), direction });
    } while (peek()?.type === 'comma');
    if (query.orderBy.length > 7)
      throw new JqlError('Error in the JQL Query: ORDER BY supports at most 7 fields.');
  }
  if (peek()) fail('AND, OR or ORDER BY');
  return query;
}

const RELATIVE = /^([-+]?)(\d+)([wdhm])$/i;
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000 };

/**
 * Milliseconds since the epoch of a wall-clock time in `timeZone` (an IANA name). Jira reads absolute JQL
 * dates in the searching user's time zone, not in UTC.
 */
function zonedTime(timeZone: string, y: number, mo: number, d: number, h = 0, mi = 0): number {
  const wall = Date.UTC(y, mo, d, h, mi);
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }).formatToParts(at);
    const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute')) - at;
  };
  const first = wall - offset(wall);
  return wall - offset(first);
}

/**
 * Jira date values: "2026-01-31", "2026-01-31 14:05" (wall-clock time in the user's `timeZone`), relative
 * "-7d" / "-15m" (from now, whatever the zone), now(), startOfDay().
 */
export function jqlDate(value: Value, now: number, timeZone = 'UTC'): number {
  if (value.kind === 'function') {
    const offset = value.args[0] ? jqlDate({ kind: 'string', value: value.args[0] }, 0, timeZone) : 0;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now).split('-').map(Number);
    const midnight = zonedTime(timeZone, today[0], today[1] - 1, today[2]);
    if (value.name === 'now') return now + offset;
    if (value.name === 'startofday') return midnight + offset;
    if (value.name === 'endofday') return midnight + UNIT_MS.d - 1 + offset;
    throw new JqlError(`Error in the JQL Query: Unable to find JQL function '${value.name}()'.`);
  }
  if (value.kind === 'empty') throw new JqlError('Error in the JQL Query: EMPTY is not a date.');
  const relative = RELATIVE.exec(value.value);
  if (relative)
    return now + (relative[1] === '-' ? -1 : 1) * Number(relative[2]) * UNIT_MS[relative[3].toLowerCase()];
  const absolute = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:\s+(\d{2}):(\d{2}))?$/.exec(value.value);
  if (!absolute)
    throw new JqlError(`Error in the JQL Query: Date value '${value.value}' for field is invalid.`);
  const [, y, mo, d, h = '0', mi = '0'] = absolute;
  return zonedTime(timeZone, Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
}

const DATE_FIELDS = new Set(['updated', 'created', 'duedate', 'resolved']);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Jira's `~` is a word search: every word of the query must occur (prefix match allows "connect" ~ "connector"); CJK text matches by substring. */
function contains(haystack: string, needle: string): boolean {
  const lower = haystack.toLowerCase();
  if (/[\u3000-\u9fff]/.test(needle)) return lower.includes(needle.toLowerCase().replace(/\*$/, ''));
  const hayWords = words(haystack);
  return words(needle.replace(/\*$/, '')).every((word) => hayWords.some((w) => w.startsWith(word)));
}

export function evaluateJql(
  expression: JqlExpression | undefined,
  subject: JqlSubject,
  now = Date.now(),
  /** The searching user's time zone, in which absolute dates are read. */
  timeZone = 'UTC',
): boolean {
  if (!expression) return true;
  switch (expression.kind) {
    case 'and':
      return expression.operands.every((operand) => evaluateJql(operand, subject, now, timeZone));
    case 'or':
      return expression.operands.some((operand) => evaluateJql(operand, subject, now, timeZone));
    case 'not':
      return !evaluateJql(expression.operand, subject, now, timeZone);
    case 'clause':
      return evaluateClause(expression, subject, now, timeZone);
  }
}

function evaluateClause(
  clause: Extract<JqlExpression, { kind: 'clause' }>,
  subject: JqlSubject,
  now: number,
  timeZone: string,
): boolean {
  const { field, operator, values } = clause;
  if (field === 'text') {
    if (operator !== '~' && operator !== '!~')
      throw new JqlError("Error in the JQL Query: The field 'text' only supports the '~' operator.");
    const needle = values[0].kind === 'string' ? values[0].value : '';
    return contains(subject.text(), needle) === (operator === '~');
  }
  const actual = subject.field(field);
  if (actual === undefined)
    throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
  const list = (Array.isArray(actual) ? actual : actual === null || actual === '' ? [] : [actual]).map(
    String,
  );
  const asStrings = values.map((value) => (value.kind === 'string' ? value.value.toLowerCase() : null));

  if (DATE_FIELDS.has(field) && ['=', '!=', '>', '>=', '<', '<='].includes(operator)) {
    if (list.length === 0) return false;
    const left = Date.parse(list[0]);
    const right = jqlDate(values[0], now, timeZone);
    switch (operator) {
      case '=':
        return left === right;
      case '!=':
        return left !== right;
      case '>':
        return left > right;
      case '>=':
        return left >= right;
      case '<':
        return left < right;
      default:
        return left <= right;
    }
  }
  const lowered = list.map((item) => item.toLowerCase());
  switch (operator) {
    case '=':
      return values[0].kind === 'empty' ? lowered.length === 0 : lowered.includes(asStrings[0] ?? '');
    case '!=':
      return values[0].kind === 'empty'
        ? lowered.length > 0
        : lowered.length > 0 && !lowered.includes(asStrings[0] ?? '');
    case 'in':
      return (
        asStrings.some((value) => value !== null && lowered.includes(value)) ||
        (values.some((v) => v.kind === 'empty') && lowered.length === 0)
      );
    case 'not in':
      return lowered.length > 0 && !asStrings.some((value) => value !== null && lowered.includes(value));
    case 'is':
      return lowered.length === 0;
    case 'is not':
      return lowered.length > 0;
    case '~':
    case '!~':
      return contains(list.join(' '), asStrings[0] ?? '') === (operator === '~');
    default:
      throw new JqlError(
        `Error in the JQL Query: The operator '${operator}' is not supported by the field '${field}'.`,
      );
  }
}

/**
 * The issue keys a query names in `key` / `issuekey` clauses (`=`, `!=`, `in`, `not in`), with the field as
 * written. Jira refuses the whole search (400) when one of them names no issue the caller can see.
 */
export function issueKeysNamed(expression: JqlExpression | undefined): { field: string; key: string }[] {
  if (!expression) return [];
  switch (expression.kind) {
    case 'and':
    case 'or':
      return expression.operands.flatMap(issueKeysNamed);
    case 'not':
      return issueKeysNamed(expression.operand);
    case 'clause':
      if (expression.field !== 'key' && expression.field !== 'issuekey') return [];
      return expression.values.flatMap((value) =>
        value.kind === 'string' && /^[a-z][a-z0-9_]*-\d+$/i.test(value.value)
          ? [{ field: expression.field, key: value.value }]
          : [],
      );
  }
}

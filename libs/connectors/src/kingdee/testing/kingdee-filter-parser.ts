/**
 * The simulator's reading of FilterString: the SQL-like subset Portico sends (= <> > >= < <= like in, is [not]
 * null, and/or/not, parentheses, '…' strings with '' escapes, numbers). Anything else is refused the way
 * Kingdee refuses it (MsgCode 4, "GetRealExpress error"), and so is an unknown field key.
 */
export type Row = Record<string, unknown>;
export type Predicate = (row: Row) => boolean;

export class FilterSyntaxError extends Error {}

type Token = { kind: 'word' | 'string' | 'number' | 'op' | 'punct'; text: string };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= input.length) throw new FilterSyntaxError('unterminated string');
        if (input[i] === "'" && input[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (input[i] === "'") {
          break;
        } else {
          text += input[i++];
        }
      }
      i++;
      tokens.push({ kind: 'string', text });
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(input.slice(i))!;
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?/.exec(input.slice(i))!;
      tokens.push({ kind: 'word', text: match[0] });
      i += match[0].length;
    } else if (/[<>=!]/.test(c)) {
      const match = /^(<>|>=|<=|=|<|>)/.exec(input.slice(i));
      if (!match) throw new FilterSyntaxError(`unexpected ${c}`);
      tokens.push({ kind: 'op', text: match[0] });
      i += match[0].length;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      throw new FilterSyntaxError(`unexpected ${c}`);
    }
  }
  return tokens;
}

/** Dates compare as text once both sides are `YYYY-MM-DDTHH:MM:SS`. */
function comparable(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const text = String(value).trim();
  const date = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?$/.exec(text);
  if (date) return `${date[1]}T${(date[2] ?? '00:00:00').padEnd(8, ':00')}`;
  return text;
}

function compare(a: unknown, b: unknown): number | null {
  const x = comparable(a);
  const y = comparable(b);
  if (x === null || y === null) return null;
  if (typeof x === 'number' || typeof y === 'number') return Number(x) - Number(y);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function parseFilter(input: string, knownKey: (key: string) => string | undefined): Predicate {
  if (!input.trim()) return () => true;
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (word: string) => peek()?.kind === 'word' && peek().text.toLowerCase() === word;
  const expect = (text: string) => {
    if (peek()?.text !== text) throw new FilterSyntaxError(`expected ${text}`);
    pos++;
  };
  const value = (): unknown => {
    const token = tokens[pos++];
    if (token?.kind === 'string') return token.text;
    if (token?.kind === 'number') return Number(token.text);
    throw new FilterSyntaxError('expected a value');
  };
  const field = (): string => {
    const token = tokens[pos++];
    if (token?.kind !== 'word') throw new FilterSyntaxError('expected a field key');
    const key = knownKey(token.text);
    if (!key) throw new FilterSyntaxError(`unknown field ${token.text}`);
    return key;
  };
  const primary = (): Predicate => {
    if (peek()?.text === '(') {
      pos++;
      const inner = or();
      expect(')');
      return inner;
    }
    const key = field();
    if (isWord('is')) {
      pos++;
      const negate = isWord('not') ? (pos++, true) : false;
      if (!isWord('null')) throw new FilterSyntaxError('expected null');
      pos++;
      return (row) => (row[key] === null || row[key] === undefined || row[key] === '') !== negate;
    }
    if (isWord('in')) {
      pos++;
      expect('(');
      const values = [value()];
      while (peek()?.text === ',') {
        pos++;
        values.push(value());
      }
      expect(')');
      return (row) => values.some((v) => compare(row[key], v) === 0);
    }
    if (isWord('like')) {
      pos++;
      const pattern = String(value());
      const regex = new RegExp(
        `^${pattern
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/%/g, '.*')
          .replace(/_/g, '.')}$`,
        'i',
      );
      return (row) => regex.test(String(row[key] ?? ''));
    }
    const op = tokens[pos++];
    if (op?.kind !== 'op') throw new FilterSyntaxError('expected an operator');
    const right = value();
    const test: Record<string, (n: number) => boolean> = {
      '=': (n) => n === 0,
      '<>': (n) => n !== 0,
      '>': (n) => n > 0,
      '>=': (n) => n >= 0,
      '<': (n) => n < 0,
      '<=': (n) => n <= 0,
    };
    return (row) => {
      const result = compare(row[key], right);
      return result !== null && test[op.text](result);
    };
  };
  const not = (): Predicate => {
    if (isWord('not')) {
      pos++;
      const inner = not();
      return (row) => !inner(row);
    }
    return primary();
  };
  const and = (): Predicate => {
    const parts = [not()];
    while (isWord('and')) {
      pos++;
      parts.push(not());
    }
    return (row) => parts.every((p) => p(row));
  };
  const or = (): Predicate => {
    const parts = [and()];
    while (isWord('or')) {
      pos++;
      parts.push(and());
    }
    return (row) => parts.some((p) => p(row));
  };
  const predicate = or();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected ${tokens[pos].text}`);
  return predicate;
}

/**
 * Builds ExecuteBillQuery FilterStrings. Kingdee passes them down to SQL, so a value is never concatenated:
 * it is quoted here (`'` doubled) after checking it is plain text, and field keys must look like field keys.
 */
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

export type FilterValue = string | number | Date;

export function filterField(key: string): string {
  if (!FIELD_KEY.test(key)) throw new Error(`Not a Kingdee field key: ${JSON.stringify(key)}`);
  return key;
}

export function filterValue(value: FilterValue): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new Error('Invalid date in a Kingdee filter');
    return `'${value.toISOString().slice(0, 19).replace('T', ' ')}'`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('Invalid number in a Kingdee filter');
    return String(value);
  }
  // Control characters have no business in a code or a name; refusing them keeps the SQL one line.
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error('Control characters in a Kingdee filter value');
  return `'${value.replace(/'/g, "''")}'`;
}

/** `key = 'value'`, `key >= 'date'`, `key in ('a','b')`. */
export function condition(key: string, op: '=' | '<>' | '>' | '>=' | '<' | '<=', value: FilterValue): string {
  return `${filterField(key)} ${op} ${filterValue(value)}`;
}

export function inList(key: string, values: FilterValue[]): string {
  if (values.length === 0) throw new Error('An empty IN list matches nothing; leave the condition out');
  return `${filterField(key)} in (${values.map(filterValue).join(',')})`;
}

export function allOf(...conditions: (string | undefined)[]): string {
  return conditions
    .filter((c): c is string => Boolean(c))
    .map((c) => `(${c})`)
    .join(' and ');
}

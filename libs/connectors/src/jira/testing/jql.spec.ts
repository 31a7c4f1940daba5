import { evaluateJql, JqlError, parseJql, type JqlSubject } from './jql';

const subject = (values: Record<string, string | string[] | null>, text = ''): JqlSubject => ({
  field: (name) => (name in values ? values[name] : undefined),
  text: () => text,
});

const issue = subject(
  {
    project: 'HW',
    key: 'HW-7',
    status: 'In Testing',
    labels: ['pcb', 'supplier'],
    updated: '2026-10-05T10:00:00.000Z',
    priority: 'High',
  },
  'Battery connector J4 cold solder joints 电池连接器',
);

const matches = (jql: string) => evaluateJql(parseJql(jql).where, issue, Date.parse('2026-10-06T00:00:00Z'));

describe('JQL subset', () => {
  it.each([
    ['project = HW', true],
    ['project = hw AND status = "In Testing"', true],
    ['key in (HW-1, HW-7)', true],
    ['key not in (HW-7)', false],
    ['labels = supplier AND labels = pcb', true],
    ['labels in (optics) OR (status != Done AND priority = High)', true],
    ['NOT status = "In Testing"', false],
    ['updated >= "2026-10-05"', true],
    ['updated >= -16h', true],
    ['updated >= -6h', false],
    ['updated < startOfDay()', true],
    ['text ~ "solder"', true],
    ['text ~ "sold*"', true],
    ['text ~ "连接器"', true],
    ['text ~ "gasket"', false],
    ['labels is not EMPTY', true],
    ['labels is EMPTY', false],
  ])('%s -> %s', (jql, expected) => {
    expect(matches(jql)).toBe(expected);
  });

  it('reads ORDER BY fields and directions', () => {
    expect(parseJql('project = HW ORDER BY updated DESC, key').orderBy).toEqual([
      { field: 'updated', direction: 'desc' },
      { field: 'key', direction: 'asc' },
    ]);
  });

  it.each([
    'project = ',
    'project = HW AND',
    '(project = HW',
    'project HW',
    'key in HW-1',
    'summary ~ "unclosed',
    'project = HW ORDER key',
  ])('rejects unparseable JQL: %s', (jql) => {
    expect(() => parseJql(jql)).toThrow(JqlError);
  });

  it('rejects a field that does not exist when evaluating', () => {
    expect(() => matches('issue.property[portico.ref].id = 1')).toThrow(JqlError);
  });
});

describe('JQL dates in the searching user’s time zone', () => {
  const now = Date.parse('2026-10-06T00:00:00Z');
  const at = (jql: string, timeZone: string) => evaluateJql(parseJql(jql).where, issue, now, timeZone);

  it('reads an absolute date as wall-clock time there (the issue was updated 10:00 UTC)', () => {
    expect(at('updated >= "2026-10-05 17:30"', 'Asia/Shanghai')).toBe(true); // 09:30 UTC
    expect(at('updated >= "2026-10-05 18:30"', 'Asia/Shanghai')).toBe(false); // 10:30 UTC
    expect(at('updated >= "2026-10-05 06:30"', 'America/New_York')).toBe(false); // 10:30 UTC (EDT)
    expect(at('updated >= "2026-10-05 05:30"', 'America/New_York')).toBe(true); // 09:30 UTC
  });

  it('reads a relative date the same in every zone', () => {
    for (const zone of ['UTC', 'Asia/Shanghai', 'America/New_York']) {
      expect(at('updated >= "-841m"', zone)).toBe(true); // 14 h 1 min before now: 09:59 UTC
      expect(at('updated >= "-839m"', zone)).toBe(false);
    }
  });
});

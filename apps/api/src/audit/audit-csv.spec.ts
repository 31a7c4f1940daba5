import { csvCell } from './audit-csv';

describe('csvCell', () => {
  it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'neutralises %j so spreadsheets show it as text',
    (value) => {
      expect(csvCell(value)).toMatch(/^"'/);
    },
  );

  it('quotes cells and doubles embedded quotes', () => {
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
  });

  it('renders dates as ISO, objects as JSON and null as empty', () => {
    expect(csvCell(new Date('2026-01-02T03:04:05Z'))).toBe('"2026-01-02T03:04:05.000Z"');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell(null)).toBe('""');
  });

  it('leaves ordinary text alone', () => {
    expect(csvCell('auth.login.failed')).toBe('"auth.login.failed"');
  });
});

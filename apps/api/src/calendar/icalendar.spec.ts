import { calendar, escapeText, foldLine } from './icalendar';

describe('iCalendar writer', () => {
  it('escapes backslash, semicolon, comma and newlines in TEXT', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'支'.repeat(60)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(' '))).toBe(true);
    expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('writes all-day events with VALUE=DATE and an exclusive end across a month end', () => {
    const text = calendar(
      'Due',
      [{ uid: 'i@portico', date: '2027-02-28', summary: 'S', sequence: 2 }],
      new Date('2026-12-07T05:12:00.000Z'),
    );
    expect(text).toContain('\r\nDTSTART;VALUE=DATE:20270228\r\nDTEND;VALUE=DATE:20270301\r\n');
    expect(text).toContain('\r\nDTSTAMP:20261207T051200Z\r\n');
    expect(text).toContain('\r\nSEQUENCE:2\r\n');
  });
});

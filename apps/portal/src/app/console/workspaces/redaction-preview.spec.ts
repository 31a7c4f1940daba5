import { DEFAULT_REDACTION_REPLACEMENT, previewRedaction } from './redaction-preview';

describe('previewRedaction', () => {
  it('masks every occurrence with the default replacement, like the API', () => {
    const preview = previewRedaction('call +49 170 1234567 or +49 170 7654321', [
      { pattern: '\\+?\\d[\\d ]{7,}\\d' },
    ]);
    expect(preview.output).toBe(`call ${DEFAULT_REDACTION_REPLACEMENT} or ${DEFAULT_REDACTION_REPLACEMENT}`);
    expect(preview.matches).toEqual([2]);
  });

  it('inserts the replacement literally, never captured text', () => {
    expect(previewRedaction('id 1234', [{ pattern: '(\\d+)', replacement: '<$1>' }]).output).toBe('id <$1>');
  });

  it('applies rules in order, each to the output of the one before', () => {
    const preview = previewRedaction('price 100 EUR', [
      { pattern: '\\d+', replacement: 'N' },
      { pattern: 'N EUR', replacement: '[price]' },
    ]);
    expect(preview.output).toBe('price [price]');
  });

  it('honours case-insensitive flags', () => {
    expect(
      previewRedaction('Secret and SECRET', [{ pattern: 'secret', flags: 'i', replacement: 'x' }]).output,
    ).toBe('x and x');
  });

  it('reports an invalid pattern without running it and keeps applying the others', () => {
    const preview = previewRedaction('a1', [{ pattern: '(' }, { pattern: '\\d', replacement: '#' }]);
    expect(preview.errors).toEqual(['invalid', null]);
    expect(preview.matches).toEqual([null, 1]);
    expect(preview.output).toBe('a#');
  });

  it('refuses patterns the API refuses: empty matches, lookarounds, unknown flags', () => {
    const preview = previewRedaction('abc', [
      { pattern: 'x*' },
      { pattern: '(?=a)b' },
      { pattern: 'a', flags: 'g' },
    ]);
    expect(preview.errors).toEqual(['matchesEmpty', 'lookaround', 'flags']);
    expect(preview.output).toBe('abc');
  });
});

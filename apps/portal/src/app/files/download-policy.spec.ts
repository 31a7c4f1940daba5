import { categoryOf, modeFor, stampable } from './download-policy';

describe('download policy', () => {
  const policy = { drawings: 'view_only', attachments: 'watermarked' } as const;

  it('files ATT- documents as attachments, everything else as drawings', () => {
    expect(categoryOf('ATT-LQ3-X1')).toBe('attachments');
    expect(categoryOf('att-1')).toBe('attachments');
    expect(categoryOf('D-100')).toBe('drawings');
  });

  it('binds supplier users only', () => {
    expect(modeFor(policy, 'drawings', 'supplier')).toBe('view_only');
    expect(modeFor(policy, 'attachments', 'supplier')).toBe('watermarked');
    expect(modeFor(policy, 'drawings', 'internal')).toBe('original');
    expect(modeFor(null, 'drawings', 'supplier')).toBe('original');
  });

  it('knows which formats the API can stamp', () => {
    expect(stampable('D-1 rev B.PDF')).toBe(true);
    expect(stampable('photo.jpeg')).toBe(true);
    expect(stampable('bracket.step')).toBe(false);
    expect(stampable('HW-2-drawing.txt')).toBe(false);
  });
});

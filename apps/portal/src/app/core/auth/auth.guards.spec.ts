import { safeReturnUrl } from './auth.guards';

describe('safeReturnUrl', () => {
  it('keeps a same-site path with its query', () => {
    expect(safeReturnUrl('/workspaces/123?tab=files')).toBe('/workspaces/123?tab=files');
  });

  it('refuses absolute and protocol-relative URLs that would leave the portal', () => {
    expect(safeReturnUrl('https://evil.example/')).toBe('/');
    expect(safeReturnUrl('//evil.example/')).toBe('/');
    expect(safeReturnUrl('/\\evil.example/')).toBe('/');
  });

  it('falls back to the start page when nothing was requested', () => {
    expect(safeReturnUrl(undefined)).toBe('/');
    expect(safeReturnUrl('')).toBe('/');
  });
});

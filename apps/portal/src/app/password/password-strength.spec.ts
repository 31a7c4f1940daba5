import { passwordStrength } from './password-strength';

describe('passwordStrength', () => {
  it('calls anything under 12 characters too short', () => {
    expect(passwordStrength('Sh0rt!pass')).toBe('tooShort');
  });

  it('calls long passwords built on common words weak', () => {
    expect(passwordStrength('password12345678')).toBe('weak');
    expect(passwordStrength('aaaaaaaaaaaaaaaa')).toBe('weak');
  });

  it('rewards length and a mix of character kinds', () => {
    expect(passwordStrength('riverlanterncobalt')).toBe('fair');
    expect(passwordStrength('River-Lantern-Cobalt-7')).toBe('strong');
  });
});

import { COMMON_PASSWORDS } from './common-passwords';
import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('ships exactly the 1000 most common passwords', () => {
    expect(COMMON_PASSWORDS).toHaveLength(1000);
    expect(COMMON_PASSWORDS[0]).toBe('123456');
    expect(COMMON_PASSWORDS).toContain('1qaz2wsx3edc');
  });

  it('refuses passwords shorter than 12 characters', () => {
    expect(passwordProblem('elevenchars')).toMatch(/at least 12/);
    expect(passwordProblem('twelve chars')).toBeNull();
  });

  it('refuses common passwords whatever their case', () => {
    expect(passwordProblem('123qweasdzxc')).toMatch(/too common/);
    expect(passwordProblem('1QAZ2WSX3EDC')).toMatch(/too common/);
  });

  it('refuses repetitions of a common password or of a short unit', () => {
    expect(passwordProblem('qwertyqwerty')).toMatch(/too common/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/too common/);
    expect(passwordProblem('abcabcabcabc')).toMatch(/too common/);
  });

  it('refuses the email address as password', () => {
    expect(passwordProblem('ana@acme.example', 'Ana@Acme.example')).toMatch(/email/);
  });

  it('accepts a long uncommon passphrase', () => {
    expect(passwordProblem('violet tractor under rain')).toBeNull();
  });
});

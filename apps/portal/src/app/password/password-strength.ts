/** Shared by the invitation and reset pages; the API has the last word (length + common-password list). */
export const MIN_PASSWORD_LENGTH = 12;

export type PasswordStrength = 'tooShort' | 'weak' | 'fair' | 'strong';

const OBVIOUS = /(password|passwort|portico|qwerty|123456|abcdef|letmein|welcome|admin)/i;

/**
 * A quick estimate for feedback while typing: length counts most, then variety of character kinds;
 * repeated characters and well-known words make it weak whatever the length.
 */
export function passwordStrength(password: string): PasswordStrength {
  if (password.length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if (OBVIOUS.test(password) || /^(.)\1+$/.test(password) || new Set(password).size < 6) return 'weak';
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const score = kinds + (password.length >= 16 ? 1 : 0) + (password.length >= 20 ? 1 : 0);
  if (score >= 4) return 'strong';
  return score >= 2 ? 'fair' : 'weak';
}

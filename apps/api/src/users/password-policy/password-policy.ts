import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const common = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));

/**
 * Why a new password is refused, or null when it is acceptable (NIST SP 800-63B: length plus a
 * blocklist, no composition rules). Repeating a common password ("qwertyqwerty") does not help.
 */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  if (common.has(lower) || isRepetition(lower)) return 'is too common; choose a less predictable password';
  if (email && lower === email.toLowerCase()) return 'must not be your email address';
  return null;
}

function isRepetition(value: string): boolean {
  for (let size = 1; size <= value.length / 2; size++) {
    if (value.length % size !== 0) continue;
    const unit = value.slice(0, size);
    if (unit.repeat(value.length / size) === value && (size < 4 || common.has(unit))) return true;
  }
  return false;
}

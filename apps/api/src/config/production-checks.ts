import type { AppConfig } from './app-config';

/** Values of JWT_SECRET that are long enough yet guessable: the documented placeholder, or one repeated character set. */
function weakJwtSecret(secret: string): boolean {
  return new Set(secret).size < 10 || /change|example|secret|portico/i.test(secret);
}

/**
 * Why a production process must not start with this configuration, or null. Production never starts an
 * embedded service, never signs sessions with a guessable or per-process key, and is reached over https.
 */
export function productionProblem(config: AppConfig): string | null {
  if (config.env !== 'production') return null;
  const raw = config.raw;
  if (!raw.DATABASE_URL)
    return 'DATABASE_URL must be set when NODE_ENV=production (the embedded database is for development only)';
  if (!raw.S3_ENDPOINT)
    return 'S3_ENDPOINT must be set when NODE_ENV=production (the embedded storage server is for development only)';
  if (!raw.JWT_SECRET) return 'JWT_SECRET must be set when NODE_ENV=production (e.g. `openssl rand -hex 32`)';
  if (weakJwtSecret(raw.JWT_SECRET))
    return 'JWT_SECRET is too weak for NODE_ENV=production: use a random value, e.g. `openssl rand -hex 32`';
  if (!raw.PUBLIC_URL)
    return 'PUBLIC_URL must be set when NODE_ENV=production (the https address users open)';
  if (!raw.PUBLIC_URL.startsWith('https://') && !raw.ALLOW_HTTP_PUBLIC_URL)
    return 'PUBLIC_URL must be https:// when NODE_ENV=production (or set ALLOW_HTTP_PUBLIC_URL=true to accept plain http knowingly)';
  return null;
}

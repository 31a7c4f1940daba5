import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

/**
 * Variables that may instead name a file holding the value, as `<NAME>_FILE` (the Docker and Kubernetes
 * secrets convention), so secrets need not sit in the environment of every process.
 */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'JIRA_API_TOKEN',
  'JIRA_PAT',
  'JIRA_WEBHOOK_SECRET',
  'FEISHU_APP_SECRET',
  'FEISHU_VERIFICATION_TOKEN',
  'FEISHU_ENCRYPT_KEY',
  'JWT_SECRET',
  'SMTP_URL',
  'DEMO_PASSWORD',
  'ADMIN_PASSWORD',
] as const;

/** The environment with every `<NAME>_FILE` of a secret replaced by `<NAME>` and the file's content. */
export function withSecretFiles(env: Record<string, string>): Record<string, string> {
  const result = { ...env };
  for (const name of SECRET_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (file === undefined) continue;
    if (env[name] !== undefined)
      throw new ConfigError(`Invalid configuration: both ${name} and ${name}_FILE are set; set only one`);
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `Invalid configuration: ${name}_FILE=${JSON.stringify(file)} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
    // Secret files usually end with a newline that is not part of the secret.
    const value = content.replace(/\r?\n$/, '');
    if (value) result[name] = value;
    delete result[`${name}_FILE`];
  }
  return result;
}

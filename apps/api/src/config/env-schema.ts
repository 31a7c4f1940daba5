import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalUrl = z.string().url().optional();
export type JobTargetName = 'jira' | 'feishu' | 'dingtalk' | 'kingdee' | 'email' | 'internal' | 'webhook';

/** `jira=4,feishu=2`: a number per sync target (queue/job-queue.types.ts JobTarget). */
const targetNumbers = z
  .string()
  .regex(
    /^\s*((jira|feishu|dingtalk|kingdee|email|internal|webhook)=\d+(\.\d+)?\s*(,\s*|$))*$/,
    'must look like jira=4,feishu=2',
  )
  .transform((v) => {
    const pairs = v.split(',').map((pair) => pair.trim().split('='));
    return Object.fromEntries(
      pairs.filter(([key]) => key).map(([key, value]) => [key, Number(value)]),
    ) as Partial<Record<JobTargetName, number>>;
  });

/** Names proxy-addr (Fastify's `trustProxy`) knows for address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  return PROXY_RANGE_NAMES.includes(entry) || isAddressOrCidr(entry);
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which peers may set X-Forwarded-For: `true`/`false`, a hop count, or addresses/CIDRs. Trusting every
 * peer would let any client choose the IP the auth rate limit and the audit log see.
 */
const trustProxy = z
  .string()
  .transform((v) => v.trim())
  .refine(
    (v) =>
      v === 'true' ||
      v === 'false' ||
      /^\d{1,2}$/.test(v) ||
      v.split(',').every((entry) => isAddressOrRange(entry.trim())),
    'must be true, false, a hop count or comma-separated IP addresses/CIDRs',
  )
  .transform((v): boolean | number | string[] => {
    if (v === 'true' || v === 'false') return v === 'true';
    if (/^\d+$/.test(v)) return Number(v);
    return v.split(',').map((entry) => entry.trim());
  });

/** Every environment variable Portico reads, validated once at start-up (docs/configuration.md). */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: optionalUrl,
  ALLOW_HTTP_PUBLIC_URL: bool.default('false'),
  ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  // Tracing (apps/api/src/tracing): on when the endpoint is set; the SDK reads the other OTEL_* itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_SERVICE_NAME: z.string().optional(),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().default('portico'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.optional(),
  JIRA_BASE_URL: optionalUrl,
  JIRA_EMAIL: z.string().optional(),
  JIRA_API_TOKEN: z.string().optional(),
  JIRA_PAT: z.string().optional(),
  JIRA_WEBHOOK_SECRET: z.string().optional(),
  JIRA_FIELDS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  FEISHU_BASE_URL: optionalUrl,
  FEISHU_APP_ID: z.string().optional(),
  FEISHU_APP_SECRET: z.string().optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().optional(),
  FEISHU_ENCRYPT_KEY: z.string().optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  DEMO_DATA: bool.default('true'),
  DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').default('portico-demo-2026'),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_NAME: z.string().min(1).max(200).default('Administrator'),
  ADMIN_PASSWORD: z.string().optional(),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(25),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).optional(),
  PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(3),
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  RATE_LIMIT_USER_REQUESTS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  RATE_LIMIT_ORG_REQUESTS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  API_TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).optional(),
  IDEMPOTENCY_KEY_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(24),
  TRUST_PROXY: trustProxy.default('false'),
  CONNECTOR_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  SYNC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  SYNC_JOB_EXPIRY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  SYNC_RETRY_BASE_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
  SYNC_RETRY_MAX_SECONDS: z.coerce.number().min(1).max(86_400).default(3600),
  SYNC_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  SYNC_MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  SYNC_CONCURRENCY: targetNumbers.default('jira=4,feishu=2,dingtalk=2,kingdee=1,email=4,internal=8'),
  SYNC_RATE_LIMITS: targetNumbers.default('jira=20,feishu=5,dingtalk=5,kingdee=5,email=10'),
  SYNC_RECONCILE_CRON: z.string().default('*/5 * * * *'),
  KINGDEE_BASE_URL: optionalUrl,
  KINGDEE_ACCT_ID: z.string().optional(),
  KINGDEE_USERNAME: z.string().optional(),
  KINGDEE_APP_ID: z
    .string()
    .regex(/^[^_]+_.{32}$/, 'must look like <clientId>_<32 characters>')
    .optional(),
  KINGDEE_APP_SECRET: z.string().optional(),
  KINGDEE_PASSWORD: z.string().optional(),
  KINGDEE_LCID: z.coerce.number().int().min(1).max(99_999).default(2052),
  KINGDEE_ORG_NUMBER: z.string().default('0'),
  KINGDEE_SYNC_CRON: z.string().default('*/10 * * * *'),
  FILES_ALLOWED_EXTENSIONS: z
    .string()
    .regex(
      /^\s*[a-z0-9]+(\s*,\s*[a-z0-9]+)*\s*$/i,
      'must be a comma-separated list of extensions without dots',
    )
    .default('pdf,dwg,dxf,step,stp,igs,iges,stl,png,jpg,jpeg,zip'),
  FILES_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(5 * 1024 ** 4)
    .default(2 * 1024 ** 3),
  FILES_ABANDONED_UPLOAD_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(24),
  FILES_MAX_IMAGE_PIXELS: z.coerce.number().int().min(1).max(1e12).default(100_000_000),
  /** Uploads up to this size are verified before `complete` answers; larger ones in the background. */
  FILES_VERIFY_INLINE_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 53 - 1)
    .default(8 * 1024 ** 2),
  CLAMAV_URL: z
    .string()
    .regex(/^tcp:\/\/[^/:]+:\d{1,5}\/?$/, 'must look like tcp://host:3310')
    .optional(),
  CLAMAV_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  EGRESS_ALLOW_PRIVATE_HOSTS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine(
      (entries) => entries.every((entry) => isAddressOrCidr(entry) || /^[a-z0-9.-]{1,253}$/.test(entry)),
      'must be comma-separated host names, IP addresses or CIDR ranges',
    )
    .default(''),
  EGRESS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce
    .number()
    .min(0.001)
    .max(24 * 30)
    .default(72),
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 7)
    .default(24),
  WEBHOOK_LOG_RETENTION_DAYS: z.coerce.number().min(1).max(3650).default(30),
  EGRESS_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 ** 2)
    .default(1024 ** 2),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  FILES_MAX_OPEN_UPLOADS_PER_USER: z.coerce.number().int().min(1).max(10_000).optional(),
  /** 0 = no quota. */
  FILES_ORG_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 53 - 1)
    .default(100 * 1024 ** 3),
});

export type AppEnv = z.infer<typeof envSchema>;

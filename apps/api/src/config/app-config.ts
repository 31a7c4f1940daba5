import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalUrl = z.string().url().optional();
type JobTargetName = 'jira' | 'feishu' | 'dingtalk' | 'kingdee' | 'email' | 'internal' | 'webhook';

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
const envSchema = z.object({
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

export interface AppConfig {
  env: AppEnv['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string;
  role: AppEnv['ROLE'];
  dataDir: string;
  logLevel: AppEnv['LOG_LEVEL'];
  /** Unset means the embedded PGlite is started and this is filled in by the launcher. */
  databaseUrl?: string;
  databasePoolSize: number;
  s3: {
    /** Unset means the embedded S3-compatible server is started and this is filled in by the launcher. */
    endpoint?: string;
    region: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    forcePathStyle: boolean;
  };
  jwtSecret: string;
  /** True when JWT_SECRET was generated for this process: tokens do not survive a restart. */
  jwtSecretGenerated: boolean;
  smtpUrl?: string;
  demoPassword: string;
  /** Whether `npm start` on the embedded database seeds the demo workspaces (DemoDataService). */
  demoData: boolean;
  /** The administrator created at start-up when no administrator exists yet (AdminBootstrapService). */
  bootstrapAdmin?: { email: string; displayName: string; password: string };
  /** Upper bound of a graceful shutdown (SIGTERM) before the process exits regardless. */
  shutdownGraceMs: number;
  /** Requests per minute and client IP on the auth routes (login, refresh, reset, invitation accept). */
  authRateLimitPerMinute: number;
  /** Reset requests per email address (known or not) and hour, on top of the per-IP limit. */
  passwordResetsPerAddressPerHour: number;
  /** How long the refresh token just rotated still returns the same new pair (two tabs refreshing at once). */
  refreshReuseGraceSeconds: number;
  /**
   * Mutating requests (POST/PUT/PATCH/DELETE) per window, counted in PostgreSQL across API processes,
   * for each signed-in user and for each organisation (all its users together).
   */
  rateLimits: { userRequests: number; orgRequests: number; windowSeconds: number };
  /** Requests (reads too) per minute and API token, counted in PostgreSQL across API processes. */
  apiTokenRequestsPerMinute: number;
  /** How long a stored Idempotency-Key answer is replayed. */
  idempotencyKeyMs: number;
  /**
   * Fastify's `trustProxy`: false (the socket address is the client), true (any peer), a hop count,
   * or the addresses/CIDRs of the reverse proxies whose X-Forwarded-For is believed.
   */
  trustProxy: boolean | number | string[];
  /** Jira and Feishu served by a simulator the launcher started because their variables were unset. */
  simulated: { jira: boolean; feishu: boolean };
  /** Time limit of each call the connector status page makes to Jira and Feishu. */
  connectorCheckTimeoutMs: number;
  /** How long Jira's field list is kept before it is asked again (0: every time). */
  jiraFieldsCacheMs: number;
  sync: {
    maxAttempts: number;
    jobExpirySeconds: number;
    retryBaseSeconds: number;
    retryMaxSeconds: number;
    pollIntervalMs: number;
    maintenanceIntervalSeconds: number;
    /** Concurrent jobs per target in one worker process; unset targets get 4. */
    concurrency: Partial<Record<JobTargetName, number>>;
    /** Calls per second per target in one worker process; unset or 0 = unlimited. */
    rateLimits: Partial<Record<JobTargetName, number>>;
    reconcileCron: string;
  };
  /** Kingdee Cloud Galaxy; unset (no base URL) means purchase orders are off. */
  kingdee?: KingdeeConfig;
  files: {
    /** Lower-case extensions without the dot. */
    allowedExtensions: string[];
    maxUploadBytes: number;
    /** An upload still unfinished after this long is aborted by the cleanup job. */
    abandonedUploadAfterMs: number;
    /** Largest width × height an uploaded image may declare (decompression bombs). */
    maxImagePixels: number;
    /**
     * Uploads up to this many bytes are read back and verified before `complete` answers; larger ones
     * answer `verifying` at once and are verified by a background job (docs/file-safety.md).
     */
    verifyInlineMaxBytes: number;
    /** clamd to stream every completed upload to before it becomes available; unset = no scanning. */
    clamavUrl?: string;
    clamavTimeoutMs: number;
    /** Uploads one user may have started and not yet completed or cancelled. */
    maxOpenUploadsPerUser: number;
    /** Bytes of uploading and stored revisions per uploader organisation; 0 = no quota. */
    orgQuotaBytes: number;
  };
  /** Calls to URLs users and settings supply (common/egress/egress-policy.ts). */
  egress: {
    /** Host names, addresses and CIDRs that may be private/loopback (local simulators, tests). */
    allowPrivateHosts: string[];
    timeoutMs: number;
    maxResponseBytes: number;
    /** Tests only: stands in for DNS. */
    resolve?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
  };
  /** Outbound webhooks to supplier endpoints (outbound-webhooks/). */
  webhooks: {
    timeoutMs: number;
    maxAttempts: number;
    /** An endpoint whose deliveries failed without a success for this long is disabled. */
    disableAfterMs: number;
    /** After a rotation the previous secret still signs this long. */
    secretOverlapMs: number;
    /** Delivered and failed messages (and their attempts) are deleted when older than this. */
    logRetentionMs: number;
  };
  metrics: {
    /** Bearer token /metrics requires; unset = no token. */
    token?: string;
    /** A separate listener for /metrics; when set, the public port does not serve it. */
    port?: number;
    /**
     * Whether the public port serves /metrics: never with METRICS_PORT, in production only with a
     * token, elsewhere always (with the token when one is set).
     */
    onPublicPort: boolean;
  };
  raw: AppEnv;
}

export interface KingdeeConfig {
  baseUrl: string;
  acctId: string;
  username: string;
  lcid: number;
  orgNumber: string;
  /** Signature authorisation (the official SDKs' default) … */
  appId?: string;
  appSecret?: string;
  /** … or a ValidateUser password session. */
  password?: string;
  syncCron: string;
}

export class ConfigError extends Error {}

/** Kingdee needs its site, data centre and user, and one of the two ways to authenticate. */
export function kingdeeConfigOf(e: AppEnv): KingdeeConfig | undefined {
  if (!e.KINGDEE_BASE_URL) return undefined;
  const missing = (['KINGDEE_ACCT_ID', 'KINGDEE_USERNAME'] as const).find((name) => !e[name]);
  if (missing) throw new ConfigError(`Invalid configuration: ${missing} must be set with KINGDEE_BASE_URL`);
  const signed = Boolean(e.KINGDEE_APP_ID || e.KINGDEE_APP_SECRET);
  if (signed && !(e.KINGDEE_APP_ID && e.KINGDEE_APP_SECRET))
    throw new ConfigError('Invalid configuration: KINGDEE_APP_ID and KINGDEE_APP_SECRET go together');
  if (!signed && !e.KINGDEE_PASSWORD)
    throw new ConfigError(
      'Invalid configuration: KINGDEE_APP_ID + KINGDEE_APP_SECRET or KINGDEE_PASSWORD must be set with KINGDEE_BASE_URL',
    );
  return {
    baseUrl: e.KINGDEE_BASE_URL,
    acctId: e.KINGDEE_ACCT_ID!,
    username: e.KINGDEE_USERNAME!,
    lcid: e.KINGDEE_LCID,
    orgNumber: e.KINGDEE_ORG_NUMBER,
    appId: e.KINGDEE_APP_ID,
    appSecret: e.KINGDEE_APP_SECRET,
    password: signed ? undefined : e.KINGDEE_PASSWORD,
    syncCron: e.KINGDEE_SYNC_CRON,
  };
}

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
function withSecretFiles(env: Record<string, string>): Record<string, string> {
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

/** Parses and validates the environment; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = withSecretFiles(
    Object.fromEntries(
      Object.entries(env).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
      ),
    ),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    // A secret's value stays out of the message (and the logs it ends up in).
    const shown = (SECRET_VARIABLES as readonly string[]).includes(name) ? '…' : JSON.stringify(env[name]);
    throw new ConfigError(`Invalid configuration: ${name}=${shown} ${issue.message}`);
  }
  const e = parsed.data;
  const port = e.PORT;
  return {
    env: e.NODE_ENV,
    port,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    role: e.ROLE,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    s3: {
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      bucket: e.S3_BUCKET,
      accessKeyId: e.S3_ACCESS_KEY_ID ?? 'S3RVER',
      secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? 'S3RVER',
      forcePathStyle: e.S3_FORCE_PATH_STYLE ?? true,
    },
    jwtSecret: e.JWT_SECRET ?? randomBytes(32).toString('hex'),
    jwtSecretGenerated: !e.JWT_SECRET,
    smtpUrl: e.SMTP_URL,
    demoPassword: e.DEMO_PASSWORD,
    demoData: e.DEMO_DATA,
    bootstrapAdmin: bootstrapAdmin(e),
    shutdownGraceMs: Math.round(e.SHUTDOWN_GRACE_SECONDS * 1000),
    // Test suites sign in far more often than people do; their own throttling test sets a low limit.
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE ?? (e.NODE_ENV === 'test' ? 10_000 : 30),
    passwordResetsPerAddressPerHour: e.PASSWORD_RESETS_PER_ADDRESS_PER_HOUR,
    refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE_SECONDS,
    // As for sign-ins: suites make many changes in a minute; the rate-limit tests set low limits.
    rateLimits: {
      userRequests: e.RATE_LIMIT_USER_REQUESTS ?? (e.NODE_ENV === 'test' ? 100_000 : 120),
      orgRequests: e.RATE_LIMIT_ORG_REQUESTS ?? (e.NODE_ENV === 'test' ? 100_000 : 600),
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    },
    apiTokenRequestsPerMinute: e.API_TOKEN_RATE_LIMIT_PER_MINUTE ?? (e.NODE_ENV === 'test' ? 100_000 : 600),
    idempotencyKeyMs: Math.round(e.IDEMPOTENCY_KEY_HOURS * 3600_000),
    trustProxy: e.TRUST_PROXY,
    simulated: { jira: false, feishu: false },
    connectorCheckTimeoutMs: e.CONNECTOR_CHECK_TIMEOUT_MS,
    jiraFieldsCacheMs: e.JIRA_FIELDS_CACHE_SECONDS * 1000,
    sync: {
      maxAttempts: e.SYNC_MAX_ATTEMPTS,
      jobExpirySeconds: e.SYNC_JOB_EXPIRY_SECONDS,
      retryBaseSeconds: e.SYNC_RETRY_BASE_SECONDS,
      retryMaxSeconds: e.SYNC_RETRY_MAX_SECONDS,
      pollIntervalMs: e.SYNC_POLL_INTERVAL_MS,
      maintenanceIntervalSeconds: e.SYNC_MAINTENANCE_INTERVAL_SECONDS,
      concurrency: e.SYNC_CONCURRENCY,
      rateLimits: e.SYNC_RATE_LIMITS,
      reconcileCron: e.SYNC_RECONCILE_CRON,
    },
    kingdee: kingdeeConfigOf(e),
    files: {
      allowedExtensions: e.FILES_ALLOWED_EXTENSIONS.split(',').map((x) => x.trim().toLowerCase()),
      maxUploadBytes: e.FILES_MAX_UPLOAD_BYTES,
      abandonedUploadAfterMs: Math.round(e.FILES_ABANDONED_UPLOAD_HOURS * 3600_000),
      maxImagePixels: e.FILES_MAX_IMAGE_PIXELS,
      verifyInlineMaxBytes: e.FILES_VERIFY_INLINE_MAX_BYTES,
      clamavUrl: e.CLAMAV_URL,
      clamavTimeoutMs: e.CLAMAV_TIMEOUT_MS,
      // Test suites leave many uploads open; the quota tests set their own cap.
      maxOpenUploadsPerUser: e.FILES_MAX_OPEN_UPLOADS_PER_USER ?? (e.NODE_ENV === 'test' ? 1000 : 5),
      orgQuotaBytes: e.FILES_ORG_QUOTA_BYTES,
    },
    egress: {
      allowPrivateHosts: e.EGRESS_ALLOW_PRIVATE_HOSTS,
      timeoutMs: e.EGRESS_TIMEOUT_MS,
      maxResponseBytes: e.EGRESS_MAX_RESPONSE_BYTES,
    },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      disableAfterMs: Math.round(e.WEBHOOK_DISABLE_AFTER_HOURS * 3600_000),
      secretOverlapMs: Math.round(e.WEBHOOK_SECRET_OVERLAP_HOURS * 3600_000),
      logRetentionMs: Math.round(e.WEBHOOK_LOG_RETENTION_DAYS * 86_400_000),
    },
    metrics: {
      token: e.METRICS_TOKEN,
      port: e.METRICS_PORT,
      onPublicPort: e.METRICS_PORT === undefined && (e.NODE_ENV !== 'production' || !!e.METRICS_TOKEN),
    },
    raw: e,
  };
}

function bootstrapAdmin(e: AppEnv): AppConfig['bootstrapAdmin'] {
  if (!e.ADMIN_EMAIL && !e.ADMIN_PASSWORD) return undefined;
  if (!e.ADMIN_EMAIL || !e.ADMIN_PASSWORD)
    throw new ConfigError(
      `Invalid configuration: ${e.ADMIN_EMAIL ? 'ADMIN_PASSWORD_FILE' : 'ADMIN_EMAIL'} must be set with ${e.ADMIN_EMAIL ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD_FILE'}`,
    );
  return { email: e.ADMIN_EMAIL.toLowerCase(), displayName: e.ADMIN_NAME, password: e.ADMIN_PASSWORD };
}

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

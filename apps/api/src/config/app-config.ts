import { randomBytes } from 'node:crypto';
import { ConfigError } from './config-error';
import { envSchema, type AppEnv, type JobTargetName } from './env-schema';
import { kingdeeConfigOf, type KingdeeConfig } from './kingdee-config';
import { SECRET_VARIABLES, withSecretFiles } from './secret-files';

export { ConfigError } from './config-error';
export type { AppEnv } from './env-schema';
export { kingdeeConfigOf, type KingdeeConfig } from './kingdee-config';
export { productionProblem } from './production-checks';
export { SECRET_VARIABLES } from './secret-files';

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

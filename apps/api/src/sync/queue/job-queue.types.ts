import type { EntityManager } from 'typeorm';

/** The external system a job talks to; concurrency and rate limits are shared per target. */
export type JobTarget = 'jira' | 'feishu' | 'dingtalk' | 'kingdee' | 'email' | 'internal' | 'webhook';
export const JOB_TARGETS: readonly JobTarget[] = [
  'jira',
  'feishu',
  'dingtalk',
  'kingdee',
  'email',
  'internal',
  'webhook',
];

/** What a job is about, shown on the operations page and used to scope it to a workspace's owners. */
export interface JobRef {
  type: string;
  id: string;
  workspaceId?: string;
}

declare const payloadType: unique symbol;

/**
 * A queue's (or event's) name that carries the payload type of its jobs. At run time it is just the
 * name, stored with every job in pg-boss, so never rename one; in the types, `enqueue` and `publish`
 * check the payload against it and `register` hands the handler a `QueueJob<T>`. A plain string still
 * works, untyped.
 */
export type JobName<T extends object = object> = string & { readonly [payloadType]?: T };

/** Declares a queue and its payload once: `export const DEFECT_TO_JIRA_JOB = defineJob<DefectJob>('feedback.defect-to-jira')`. */
export function defineJob<T extends object>(name: string): JobName<T> {
  return name as JobName<T>;
}

export interface EnqueueRequest<T extends object = object> {
  name: JobName<T>;
  /** Checked against the name's payload type, never inferred from it. */
  data: NoInfer<T>;
  /** With a queue policy of `short`/`singleton`/`stately`, a second pending job with this key is not created. */
  singletonKey?: string;
  ref?: JobRef;
  /** Delay before the first attempt. */
  startAfterSeconds?: number;
}

/** The shape stored in pg-boss's `data` column: the caller's payload beside our own metadata. */
export interface JobEnvelope<T = unknown> {
  payload: T;
  ref?: JobRef;
  /** W3C trace context of the request that enqueued the job (only while tracing is on). */
  trace?: Record<string, string>;
}

export interface QueueJob<T = unknown> {
  id: string;
  name: string;
  data: T;
  ref?: JobRef;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the job runs past its expiry; the job is then retried elsewhere. */
  signal: AbortSignal;
}

export type JobHandler<T = unknown> = (job: QueueJob<T>) => Promise<unknown>;

export type QueuePolicy = 'standard' | 'short' | 'singleton' | 'stately';

export interface RegisterOptions {
  target: JobTarget;
  /** Jobs of this queue running at once in one process (also bounded by the target's concurrency). */
  concurrency?: number;
  /** How long a started job may run before it counts as lost and is handed out again. */
  expireInSeconds?: number;
  /** Attempts in total, the first included, before the job is dead-lettered. */
  maxAttempts?: number;
  policy?: QueuePolicy;
}

/**
 * What a handler's error may say about retrying. Connector errors carry these fields (e.g. a Jira
 * 429 carries retryAfterSeconds); the queue reads them without knowing any connector's classes.
 */
export interface RetryHint {
  retryable?: boolean;
  retryAfterSeconds?: number;
}

/** Thrown by a handler for a failure that no retry can fix (bad data, permission denied). */
export class PermanentJobError extends Error implements RetryHint {
  readonly retryable = false;
}

export interface TransactionOptions {
  /** Writes inside the caller's TypeORM transaction: nothing is sent if it rolls back. */
  manager?: EntityManager;
}

import type { JiraSimulatorControl } from './jira-simulator-control';

export interface JiraSimulatorOptions {
  /** 0 or unset: a free port. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Basic auth (Cloud) accepts exactly this email ... */
  email: string;
  /** ... with exactly this API token. */
  apiToken: string;
  /** Bearer auth (Data Center PAT) accepts this token when given. */
  pat?: string;
  /** Secret for the `X-Hub-Signature` of outgoing webhooks. */
  webhookSecret: string;
  /** Where webhooks go; none are sent while unset. Changeable via `control.setWebhookUrl`. */
  webhookUrl?: string;
  /** The webhook's JQL filter, as registered in Jira's admin screen: only matching issues fire. Default: all. */
  webhookJql?: string;
  /** JSON file the state is loaded from and saved to after every change (the demo's `.data/jira-simulator.json`). */
  dataFile?: string;
  /** Seed the demo project HW when starting without a data file. Default true. */
  seed?: boolean;
  /** Waits between webhook re-deliveries after a failed attempt. Default [1000, 5000, 15000]. */
  webhookRetryDelaysMs?: number[];
  /**
   * Every account's time zone (IANA), as Jira reports it in user JSON and reads absolute JQL dates in
   * ("2026-11-25 10:00" means 10:00 there). Default Asia/Shanghai.
   */
  timeZone?: string;
  /** Largest accepted attachment in bytes (413 above). Default 50 MiB. */
  maxAttachmentBytes?: number;
  /**
   * Jira's search index lags behind writes. A new issue stays invisible to JQL search for this long unless its id
   * is passed in `reconcileIssues`, which is how code that searches for its own markers must be written. Default 0.
   */
  searchLagMs?: number;
  /**
   * Check every JSON response against the official document's response schema and answer 500 on a mismatch.
   * Contract tests turn it on so the simulator cannot drift from what real Jira returns.
   */
  checkResponses?: boolean;
  /**
   * `cloud` (default) serves REST v3 with ADF rich text; `datacenter` serves REST v2 as Jira Data Center does:
   * wiki-markup strings instead of ADF, the offset-paged `/rest/api/2/search`, and no `/rest/api/3` at all.
   */
  deployment?: 'cloud' | 'datacenter';
}

export interface JiraSimulator {
  /** Base URL to configure as JIRA_BASE_URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Control surface, also reachable over HTTP under `<url>/_sim/`. */
  control: JiraSimulatorControl;
  stop(): Promise<void>;
}

/** Fault injected into requests matching `route` ("METHOD /rest/api/3/path/{template}" or "*"). */
export interface JiraFault {
  route: string;
  /** Answer with this status instead of handling the request. */
  status?: number;
  /** Sent as `Retry-After` with `status`. */
  retryAfterSeconds?: number;
  /** Delay before answering. */
  latencyMs?: number;
  /** Never answer (the client's timeout must fire). */
  timeout?: boolean;
  /** Probability (0..1) that a matching request is affected. Default 1. */
  rate?: number;
  /** Affect only this many matching requests, then expire. */
  times?: number;
}

export interface JiraWebhookFault {
  /** Probability (0..1) of not sending a webhook at all. */
  dropRate?: number;
  /** Send every webhook twice with the same delivery id, as Jira's retries may. */
  duplicate?: boolean;
  /** Affect only this many webhooks, then expire. */
  times?: number;
}

export interface RecordedCall {
  seq: number;
  at: string;
  method: string;
  path: string;
  operationId?: string;
  status: number;
  /** JSON request body; for attachments `{ files: [{ filename, size, mimeType }] }`. */
  body?: unknown;
}

export interface WebhookDelivery {
  deliveryId: string;
  event: string;
  attempt: number;
  status?: number;
  error?: string;
  dropped?: boolean;
}

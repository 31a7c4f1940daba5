import { timingSafeEqual, createHash } from 'node:crypto';
import { AppConfig } from '../config';

/** Whether a scrape may read /metrics: with METRICS_TOKEN set, only with `Authorization: Bearer <token>`. */
export function metricsAuthorized(config: AppConfig, authorization: string | undefined): boolean {
  const token = config.metrics.token;
  if (!token) return true;
  const presented = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  // Compared as digests: equal lengths, and no timing hint about the token.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

import type { OpenAPIObject } from '@nestjs/swagger';

const MUTATING = ['post', 'put', 'patch', 'delete'] as const;
const integerHeader = (description: string) => ({ description, schema: { type: 'integer' } });

/**
 * Adds the 429 answer of RateLimitGuard to every operation it limits: each POST/PUT/PATCH/DELETE
 * (signed webhooks from Jira and Feishu are not limited). Routes that describe their own 429 keep it.
 */
export function documentRateLimits(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith('/api/v1/webhooks/')) continue;
    for (const method of MUTATING) {
      const operation = item[method];
      if (!operation || operation.responses['429']) continue;
      operation.responses['429'] = {
        description:
          'Rate limit of the user or the organisation reached (RATE_LIMIT_USER_REQUESTS, ' +
          'RATE_LIMIT_ORG_REQUESTS per RATE_LIMIT_WINDOW_SECONDS); problem+json naming the limit',
        headers: {
          'Retry-After': integerHeader('Seconds until the window ends'),
          'RateLimit-Limit': integerHeader('Requests allowed in the window'),
          'RateLimit-Remaining': integerHeader('Requests left in the window'),
          'RateLimit-Reset': integerHeader('Seconds until the window ends'),
        },
      };
    }
  }
  return document;
}

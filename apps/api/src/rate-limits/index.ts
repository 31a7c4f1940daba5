export { documentRateLimits } from './rate-limit-openapi';
export { RateLimitPerClientIp } from './rate-limit.interceptor';
export { RateLimitsModule } from './rate-limits.module';

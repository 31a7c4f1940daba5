export { documentRateLimits } from './rate-limit-openapi';
export { RateLimitGuard, RateLimitPerClientIp } from './rate-limit.guard';
export { RateLimitsModule } from './rate-limits.module';

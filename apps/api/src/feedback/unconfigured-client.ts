import { PermanentJobError } from '../sync';

/** Properties Nest and promises probe on every provider; they must read as absent. */
const PROBED = new Set([
  'then',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

/**
 * A client for a system that is not configured: the app starts, and every call fails for good, so
 * the job that made it is dead-lettered with the reason instead of retried.
 */
export function unconfiguredClient<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: (_target, property) =>
      typeof property === 'symbol' || PROBED.has(property)
        ? undefined
        : () => {
            throw new PermanentJobError(`${what} is not configured on this server`);
          },
  });
}

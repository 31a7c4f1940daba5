export { AppLogger } from './app-logger';
export { LoggingModule, ROOT_LOGGER } from './logging.module';
export { logRequests } from './request-log';

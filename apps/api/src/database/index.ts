export { ADVISORY_LOCKS, withAdvisoryLock } from './advisory-lock';
export { DatabaseModule } from './database.module';

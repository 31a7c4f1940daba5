// Imported first by main.ts: tracing has to patch pg, http and undici before anything loads them.
import { loadConfig } from '../config';
import { startTracing } from './tracing';

try {
  startTracing(loadConfig().raw);
} catch {
  // An invalid configuration is reported by main.ts, which loads it again.
}

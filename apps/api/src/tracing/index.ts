export {
  currentTraceCarrier,
  inJobSpan,
  nameRequestSpan,
  stopTracing,
  traceLogFields,
  tracingEnabled,
} from './tracing';

/** Injection token of the application's prom-client Registry (one per app; tests run several apps). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export * from './egress-policy';
export * from './egress-fetch';

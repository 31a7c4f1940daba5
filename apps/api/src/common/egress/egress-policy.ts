import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { AppConfig } from '../../config';
import { BadInputError } from '../domain-errors';

/** Resolves a host name to every address it has (the default is the system resolver). */
export type EgressResolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/**
 * Where Portico may send a request on behalf of a user or a setting (a robot webhook, later supplier
 * webhooks and OIDC issuers). Built from the configuration by `egressPolicy`.
 */
export interface EgressPolicy {
  /** The service's fixed hosts (DingTalk: oapi.dingtalk.com); unset = any host with a public address. */
  allowedHosts?: readonly string[];
  /** Plain http is accepted outside production only. */
  allowHttp: boolean;
  /**
   * EGRESS_ALLOW_PRIVATE_HOSTS: host names, addresses and CIDR ranges exempt from the address rules and
   * from `allowedHosts`, so local simulators and tests can be reached on loopback.
   */
  allowPrivate: readonly string[];
  timeoutMs: number;
  maxResponseBytes: number;
  /** Tests inject a resolver to stand in for DNS; production uses the system one. */
  resolve?: EgressResolver;
}

/** DingTalk custom robots are served from one host only. */
export const DINGTALK_ROBOT_HOSTS = ['oapi.dingtalk.com'] as const;

export function egressPolicy(
  config: AppConfig,
  service: { allowedHosts?: readonly string[] } = {},
): EgressPolicy {
  return {
    allowedHosts: service.allowedHosts,
    allowHttp: config.env !== 'production',
    allowPrivate: config.egress.allowPrivateHosts,
    timeoutMs: config.egress.timeoutMs,
    maxResponseBytes: config.egress.maxResponseBytes,
    resolve: config.egress.resolve,
  };
}

/** A destination the policy refuses; never worth retrying. */
export class EgressRefusedError extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'EgressRefusedError';
  }
}

export const systemResolver: EgressResolver = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

/** The host of a URL as compared and resolved: lower case, no brackets around IPv6, no trailing dot. */
function hostOf(url: URL): string {
  return url.hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}

function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    return ipaddr.parse(address.replace(/%.*$/, ''));
  } catch {
    return null;
  }
}

/** Listed in EGRESS_ALLOW_PRIVATE_HOSTS, by name or by an address/range containing it. */
function isListedPrivate(host: string, policy: EgressPolicy): boolean {
  const address = ipaddr.isValid(host) ? parseAddress(host) : null;
  return policy.allowPrivate.some((entry) => {
    if (!address) return entry === host;
    try {
      const [range, bits] = entry.includes('/')
        ? ipaddr.parseCIDR(entry)
        : [ipaddr.parse(entry), entry.includes(':') ? 128 : 32];
      return range.kind() === address.kind() && address.match(range, bits);
    } catch {
      return false;
    }
  });
}

/**
 * Why an address may not be called, or null when it may: only ordinary public unicast passes, so
 * loopback, private, link-local, CGNAT, multicast, unspecified, IPv4-mapped IPv6, NAT64 and the
 * other special ranges are refused.
 */
export function addressRefusal(address: string, hostname: string, policy: EgressPolicy): string | null {
  const parsed = parseAddress(address);
  if (!parsed) return `${address} is not an IP address`;
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (isListedPrivate(hostname, policy) || isListedPrivate(parsed.toString(), policy)) return null;
  return `${hostname === address ? address : `${hostname} resolves to ${address}, which`} is a ${range} address`;
}

/**
 * What can be decided from the URL alone: scheme, fixed hosts and literal addresses (the connection
 * never looks those up, so they must be judged here). Returns the parsed URL and whether the host
 * still has to be resolved and checked.
 */
export function checkEgressUrl(
  raw: string,
  policy: EgressPolicy,
): { url: URL; host: string; resolve: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EgressRefusedError('must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp))
    throw new EgressRefusedError(policy.allowHttp ? 'must be an http(s) URL' : 'must be an https URL');
  if (url.username || url.password) throw new EgressRefusedError('must not contain credentials');
  const host = hostOf(url);
  const listed = isListedPrivate(host, policy);
  if (policy.allowedHosts && !listed && !policy.allowedHosts.includes(host))
    throw new EgressRefusedError(`must point at ${policy.allowedHosts.join(' or ')}`);
  if (ipaddr.isValid(host)) {
    const refusal = addressRefusal(host, host, policy);
    if (refusal) throw new EgressRefusedError(`must not point at a non-public address: ${refusal}`);
    return { url, host, resolve: false };
  }
  // A fixed host is the service's own; anything else is judged by the addresses it resolves to.
  return { url, host, resolve: !listed && !policy.allowedHosts };
}

/** Resolves a host name and refuses it when any of its addresses may not be called. */
export async function resolveAllowed(
  host: string,
  policy: EgressPolicy,
): Promise<Array<{ address: string; family: number }>> {
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await (policy.resolve ?? systemResolver)(host);
  } catch {
    throw new EgressRefusedError(`${host} does not resolve`);
  }
  if (!addresses.length) throw new EgressRefusedError(`${host} does not resolve`);
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, host, policy);
    if (refusal) throw new EgressRefusedError(`must not point at a non-public address: ${refusal}`);
  }
  return addresses;
}

/**
 * The check when a URL is saved: a 400 naming the field. Delivery checks again at connect time
 * (egress-fetch.ts), since what a name resolves to can change after it was saved.
 */
export async function assertEgressAllowed(url: string, field: string, policy: EgressPolicy): Promise<void> {
  try {
    const checked = checkEgressUrl(url, policy);
    if (checked.resolve) await resolveAllowed(checked.host, policy);
  } catch (error) {
    if (error instanceof EgressRefusedError)
      throw new BadInputError(`${field} is not an allowed destination`, [{ field, message: error.message }]);
    throw error;
  }
}

import http, { IncomingMessage } from 'node:http';
import https from 'node:https';
import { LookupFunction } from 'node:net';
import { EgressPolicy, EgressRefusedError, checkEgressUrl, resolveAllowed } from './egress-policy';

export interface EgressRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
}

/**
 * The connection's own DNS lookup: every address the name resolves to is checked right before the
 * socket connects, so a name that resolved to a public address when it was saved (or a moment ago)
 * and to loopback now is refused — DNS rebinding cannot slip past a check made earlier.
 */
function guardedLookup(policy: EgressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowed(hostname, policy).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (!usable.length) {
          callback(new EgressRefusedError(`${hostname} has no IPv${family} address`), '', 0);
        } else if (options.all) {
          (callback as unknown as (e: null, all: typeof usable) => void)(null, usable);
        } else callback(null, usable[0].address, usable[0].family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
}

/** Statuses whose Response may not have a body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Calls a URL a user or a setting supplied, under an egress policy: the URL is checked, the
 * connection refuses non-public addresses at connect time, redirects are returned as they are (never
 * followed), and the answer is cut off above `maxResponseBytes` and after `timeoutMs`.
 * Throws EgressRefusedError for a refused destination or an oversized answer.
 */
export async function egressFetch(raw: string, init: EgressRequest, policy: EgressPolicy): Promise<Response> {
  const { url } = checkEgressUrl(raw, policy);
  const signal = init.signal
    ? AbortSignal.any([init.signal, AbortSignal.timeout(policy.timeoutMs)])
    : AbortSignal.timeout(policy.timeoutMs);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<Response>((resolve, reject) => {
    const fail = (error: unknown) => {
      request.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal.reason);
    const request = client.request(
      url,
      {
        method: init.method ?? 'GET',
        headers:
          init.body === undefined
            ? init.headers
            : { ...init.headers, 'content-length': Buffer.byteLength(init.body) },
        // A fresh connection per call: a pooled socket would skip the lookup above.
        agent: false,
        lookup: guardedLookup(policy),
      },
      (response: IncomingMessage) => {
        const declared = Number(response.headers['content-length']);
        if (declared > policy.maxResponseBytes) return fail(tooLarge(policy));
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxResponseBytes) return fail(tooLarge(policy));
          chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('end', () => {
          signal.removeEventListener('abort', onAbort);
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers))
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
              headers.append(name, v);
          const status = response.statusCode ?? 502;
          resolve(
            new Response(NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: response.statusMessage,
              headers,
            }),
          );
        });
      },
    );
    if (signal.aborted) return fail(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    request.end(init.body);
  });
}

function tooLarge(policy: EgressPolicy): EgressRefusedError {
  return new EgressRefusedError(`the answer is larger than ${policy.maxResponseBytes} bytes`);
}

import { createServer, request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ChecksumConstructor, HashConstructor, HttpRequest } from '@smithy/types';

export interface VerifyingProxy {
  endpoint: string;
  stop(): Promise<void>;
}

interface ProxyOptions {
  /** The S3-compatible server requests are forwarded to once their signature checks out. */
  target: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sha256: ChecksumConstructor | HashConstructor;
}

/**
 * Stands in front of an S3-compatible server that does not verify SigV4 (s3rver) and refuses every
 * presigned request whose signature does not match what we would compute for exactly that method,
 * path, query and signed headers — as AWS does. Lets tests prove that a presigned URL is bound to
 * one object key, upload and part, not merely that s3rver accepted it.
 */
export async function startVerifyingProxy(options: ProxyOptions): Promise<VerifyingProxy> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    region: options.region,
    service: 's3',
    sha256: options.sha256,
    uriEscapePath: false,
  });
  const target = new URL(options.target);
  const server: Server = createServer((req, res) => {
    void verify(signer, req.method ?? 'GET', req.url ?? '/', req.headers).then((ok) => {
      if (!ok) {
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function verify(
  signer: SignatureV4,
  method: string,
  rawUrl: string,
  incoming: Record<string, string | string[] | undefined>,
): Promise<boolean> {
  const url = new URL(rawUrl, 'http://placeholder');
  const params = url.searchParams;
  // The API's own calls are header-signed; only presigned (query-signed) requests are under test.
  if (incoming.authorization && !params.has('X-Amz-Signature')) return true;
  const given = params.get('X-Amz-Signature');
  const date = params.get('X-Amz-Date');
  const expires = Number(params.get('X-Amz-Expires'));
  const signedHeaders = (params.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
  if (!given || !date || !Number.isFinite(expires)) return false;
  const query: Record<string, string> = {};
  for (const [name, value] of params) {
    if (!/^X-Amz-(Algorithm|Credential|Date|Expires|SignedHeaders|Signature)$/.test(name))
      query[name] = value;
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = String(incoming[name] ?? '');
  headers.host = String(incoming.host ?? '');
  // The presigner hoisted this header into the query; the signer reads the payload hash from it.
  const payloadHash = params.get('X-Amz-Content-Sha256');
  if (payloadHash) {
    headers['X-Amz-Content-Sha256'] = payloadHash;
    delete query['X-Amz-Content-Sha256'];
  }
  const request = {
    method,
    protocol: 'http:',
    hostname: String(incoming.host ?? '').split(':')[0],
    port: Number(String(incoming.host ?? '').split(':')[1]) || undefined,
    // Already URI-encoded, as the SDK signed it (S3 signs the path without encoding it again).
    path: url.pathname,
    query,
    headers,
  } as unknown as HttpRequest;
  const signingDate = new Date(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
  );
  const expected = await signer.presign(request, {
    signingDate,
    expiresIn: expires,
    signableHeaders: new Set(signedHeaders),
    // Signed headers stay headers (e.g. x-amz-checksum-sha256); the signer would otherwise hoist x-amz-*.
    unhoistableHeaders: new Set(signedHeaders),
  });
  return expected.query?.['X-Amz-Signature'] === given;
}

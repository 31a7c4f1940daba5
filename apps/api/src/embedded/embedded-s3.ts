import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
// s3rver ships no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');

export interface EmbeddedS3 {
  endpoint: string;
  stop(): Promise<void>;
}

/** CORS so the portal can PUT parts straight to storage and read each part's ETag (contracts/s3.md §2). */
const corsConfig = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

/** An S3-compatible server on loopback storing under `directory`, with `bucket` created at start. */
export async function startEmbeddedS3(directory: string, bucket: string, port = 0): Promise<EmbeddedS3> {
  mkdirSync(directory, { recursive: true });
  const instance = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [corsConfig] }],
  });
  const address: AddressInfo = await instance.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: () => instance.close(),
  };
}

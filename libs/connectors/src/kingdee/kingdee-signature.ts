import { createHmac } from 'node:crypto';

/** The third-party authorisation an admin creates in Kingdee (第三方系统登录授权), plus the data-centre login. */
export interface KingdeeAppCredentials {
  /** `<clientId>_<32 characters>`, as Kingdee shows it. */
  appId: string;
  appSecret: string;
  /** Data-centre id (账套 acctID). */
  acctId: string;
  /** The integration user the app acts as. */
  username: string;
  /** 2052 = Simplified Chinese. */
  lcid: number;
  /** Organisation number; 0 = the user's default. */
  orgNumber: string;
}

/** Mixed into the app id's secret half by the official SDKs to derive the gateway key. */
const GATEWAY_SEED = Buffer.from('0054f397c6234378b09ca7d3e5debce7', 'ascii');

/** base64 of the lower-case hex HMAC-SHA256 text (88 characters), as the official SDKs sign. */
export function kingdeeHmac(key: string, message: string): string {
  return Buffer.from(createHmac('sha256', key).update(message).digest('hex')).toString('base64');
}

/** The gateway key: base64(base64decode(part after `_`) XOR the SDKs' seed). */
export function gatewaySecret(appId: string): string {
  const part = appId.slice(appId.indexOf('_') + 1);
  if (appId.indexOf('_') < 1 || part.length !== 32)
    throw new Error('Kingdee app id must look like <clientId>_<32 characters>');
  const raw = Buffer.from(part, 'base64');
  const mixed = Buffer.alloc(raw.length);
  for (let i = 0; i < raw.length; i++) mixed[i] = raw[i] ^ GATEWAY_SEED[i];
  return mixed.toString('base64');
}

/** Percent-encodes all but `A-Za-z0-9_.-~`, upper-case hex (so `/` becomes `%2F`). */
export function encodeSignedPath(path: string): string {
  return Array.from(Buffer.from(path, 'utf8'))
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9_.~-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** The nine headers every signed request carries; `path` is the URL path (and query) of that request. */
export function kingdeeSignatureHeaders(
  credentials: KingdeeAppCredentials,
  path: string,
  timestampSeconds: number,
): Record<string, string> {
  const timestamp = String(timestampSeconds);
  const appData = [credentials.acctId, credentials.username, credentials.lcid, credentials.orgNumber].join(
    ',',
  );
  const canonical = `POST\n${encodeSignedPath(path)}\n\nx-api-nonce:${timestamp}\nx-api-timestamp:${timestamp}\n`;
  return {
    'X-Api-ClientID': credentials.appId.slice(0, credentials.appId.indexOf('_')),
    'X-Api-Auth-Version': '2.0',
    'x-api-timestamp': timestamp,
    'x-api-nonce': timestamp,
    'x-api-signheaders': 'x-api-timestamp,x-api-nonce',
    'X-Api-Signature': kingdeeHmac(gatewaySecret(credentials.appId), canonical),
    'X-Kd-Appkey': credentials.appId,
    'X-Kd-Appdata': Buffer.from(appData, 'utf8').toString('base64'),
    'X-Kd-Signature': kingdeeHmac(credentials.appSecret, credentials.appId + appData),
  };
}

import { encodeSignedPath, gatewaySecret, kingdeeSignatureHeaders } from './kingdee-signature';

/** The contract's test vector, checked against the official Python SDK. */
const VECTOR = {
  appId: '226688_E/4PPBI9s2iRDr/vEdF2HUi/8K9P+HVB',
  appSecret: 'a3f1c9e07b5d4e2f8c6a1b0d9e7f5c3a',
  acctId: '66a1c2d3e4f5a6',
  username: 'portico-api',
  lcid: 2052,
  orgNumber: '0',
};
const PATH = '/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc';

describe('Kingdee request signature', () => {
  it('derives the gateway secret of the test vector', () => {
    expect(gatewaySecret(VECTOR.appId)).toBe('I846CHQOil/yOI3cJeJBJSqPycwuzxFy');
  });

  it('produces the nine headers of the test vector', () => {
    const headers = kingdeeSignatureHeaders(VECTOR, PATH, 1767225600);
    expect(headers).toEqual({
      'X-Api-ClientID': '226688',
      'X-Api-Auth-Version': '2.0',
      'x-api-timestamp': '1767225600',
      'x-api-nonce': '1767225600',
      'x-api-signheaders': 'x-api-timestamp,x-api-nonce',
      'X-Api-Signature':
        'ZjA3ZTllZjIzMWMyYWQyNDkwMjg3MjQ1NWM1ZWRhZWNhYzA2MzRjNmUzNTllMzc3ZDUxMDhkODhhZmIzM2NkNw==',
      'X-Kd-Appkey': VECTOR.appId,
      'X-Kd-Appdata': Buffer.from('66a1c2d3e4f5a6,portico-api,2052,0').toString('base64'),
      'X-Kd-Signature':
        'ZWM3NDNlOWNmN2ExYjU2ZjRiNGJjMGFmNjliMjU2N2Q4YmMwZjE0NjgxOWRjMTJiMmI0MzEzM2YzMzgwMmJlMg==',
    });
  });

  it('percent-encodes the path with upper-case hex, keeping only unreserved characters', () => {
    expect(encodeSignedPath("/k3cloud/a b!'()*")).toBe('%2Fk3cloud%2Fa%20b%21%27%28%29%2A');
    expect(encodeSignedPath('/路径')).toBe('%2F%E8%B7%AF%E5%BE%84');
  });

  it('refuses an app id without the 32-character secret half', () => {
    expect(() => gatewaySecret('226688_short')).toThrow(/32 characters/);
  });
});

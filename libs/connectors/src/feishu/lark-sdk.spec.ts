describe('Lark SDK loading', () => {
  it('is deferred until a Feishu call or an encrypted callback needs it, not done when clients are built', () => {
    jest.isolateModules(() => {
      let loaded = 0;
      jest.doMock('@larksuiteoapi/node-sdk', () => {
        loaded++;
        return jest.requireActual('@larksuiteoapi/node-sdk');
      });
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { LarkFeishuClient } = require('./lark-feishu-client') as typeof import('./lark-feishu-client');
      const { FeishuEventVerifier } = require('./feishu-events') as typeof import('./feishu-events');
      /* eslint-enable @typescript-eslint/no-require-imports */

      new LarkFeishuClient({ baseUrl: 'http://127.0.0.1:9', appId: 'cli_a', appSecret: 'secret' });
      new FeishuEventVerifier({ verificationToken: 'token', encryptKey: 'key' });
      expect(loaded).toBe(0);
    });
  });
});

import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** Claims of an IdP account, as the provider puts them in the ID token. */
export interface IdpClaims {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** A real OpenID provider (oidc-provider) in a child process, on 127.0.0.1 and a free port. */
export interface TestIdp {
  issuer: string;
  registerClient(client: { clientId: string; clientSecret: string; redirectUri: string }): Promise<void>;
  setAccount(id: string, claims: IdpClaims): Promise<void>;
  /** The next ID token is re-signed (with the real key) with these claims changed; `{ relative: s }` = now + s. */
  tamperNextIdToken(changes: Record<string, unknown>, options?: { foreignKey?: boolean }): Promise<void>;
  /** Replaces the signing key (new `kid`); tokens signed before no longer verify against the JWKS. */
  rekey(): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestIdp(): Promise<TestIdp> {
  const child: ChildProcess = fork(join(__dirname, 'oidc-idp.mjs'), [], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  // oidc-provider's start-up warnings (development adapter, Node version) are expected here.
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk
      .toString()
      .split('\n')
      .filter(
        (line) =>
          line && !line.startsWith('oidc-provider WARNING') && !line.startsWith('oidc-provider NOTICE'),
      )
      .join('\n');
    if (text) process.stderr.write(`${text}\n`);
  });
  let seq = 0;
  const waiting = new Map<number, (m: { kid?: string; error?: string }) => void>();
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`test IdP exited (${code})`)));
    child.on('message', (m: { ready?: string; reply?: number; kid?: string; error?: string }) => {
      if (m.ready) resolve(m.ready);
      else if (m.reply !== undefined) waiting.get(m.reply)?.(m);
    });
  });
  const send = (message: Record<string, unknown>) =>
    new Promise<string | undefined>((resolve, reject) => {
      const id = ++seq;
      waiting.set(id, (m) => {
        waiting.delete(id);
        if (m.error) reject(new Error(m.error));
        else resolve(m.kid);
      });
      child.send({ ...message, seq: id });
    });
  return {
    issuer,
    registerClient: async (client) => void (await send({ op: 'client', ...client })),
    setAccount: async (id, claims) => void (await send({ op: 'account', id, claims })),
    tamperNextIdToken: async (changes, options = {}) =>
      void (await send({ op: 'tamper', changes, foreignKey: options.foreignKey })),
    rekey: async () => (await send({ op: 'rekey' }))!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}

import { JwtService } from '@nestjs/jwt';
import type { AuthUser } from './auth-user';
import { AuthUserResolver, JwtStrategy } from './jwt.strategy';

const SECRET = 'a-test-secret-of-sufficient-length-0123456789';
const OPTIONS = { secret: SECRET, issuer: 'portico', audience: 'portico-api' };
const ana: AuthUser = {
  id: '00000000-0000-4000-8000-0000000000a1',
  orgId: '00000000-0000-4000-8000-00000000000a',
  orgKind: 'supplier',
  role: 'supplier_member',
  email: 'ana@acme.test',
  displayName: 'Ana',
  locale: 'en',
};

/** The account check: Ana is active with session version 1 unless `disabled`. */
class Accounts implements AuthUserResolver {
  disabled = false;
  async resolve(userId: string, sessionVersion: number): Promise<AuthUser | null> {
    return !this.disabled && userId === ana.id && sessionVersion === 1 ? ana : null;
  }
}

const sign = (claims: object, options: { secret?: string; expiresIn?: number } = {}) =>
  new JwtService().sign(
    { sub: ana.id, ver: 1, ...claims },
    {
      secret: options.secret ?? SECRET,
      algorithm: 'HS256',
      issuer: OPTIONS.issuer,
      audience: OPTIONS.audience,
      expiresIn: options.expiresIn ?? 900,
    },
  );

/** Runs the strategy the way passport does: on a per-request copy whose outcome callbacks are set. */
function authenticate(strategy: JwtStrategy, token: string): Promise<AuthUser | 'refused'> {
  return new Promise((resolve, reject) => {
    const attempt = Object.create(strategy) as JwtStrategy;
    attempt.success = (user: AuthUser) => resolve(user);
    attempt.fail = () => resolve('refused');
    attempt.error = (error: Error) => reject(error);
    attempt.authenticate({ headers: { authorization: `Bearer ${token}` } } as never);
  });
}

describe('JwtStrategy', () => {
  let accounts: Accounts;
  let strategy: JwtStrategy;
  beforeEach(() => {
    accounts = new Accounts();
    strategy = new JwtStrategy(OPTIONS, accounts);
  });

  it('accepts a valid token again and again', async () => {
    const token = sign({});
    expect(await authenticate(strategy, token)).toEqual(ana);
    expect(await authenticate(strategy, token)).toEqual(ana);
  });

  it('refuses a token once it expired, although it was accepted before', async () => {
    const token = sign({}, { expiresIn: 1 });
    expect(await authenticate(strategy, token)).toEqual(ana);
    const exp = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp as number;
    await new Promise((done) => setTimeout(done, exp * 1000 - Date.now() + 50));
    expect(await authenticate(strategy, token)).toBe('refused');
  });

  it('still checks the account on every request with an accepted token', async () => {
    const token = sign({});
    expect(await authenticate(strategy, token)).toEqual(ana);
    accounts.disabled = true;
    expect(await authenticate(strategy, token)).toBe('refused');
  });

  it('refuses the claims of an accepted token under another signature', async () => {
    const token = sign({});
    expect(await authenticate(strategy, token)).toEqual(ana);
    const [header, payload] = token.split('.');
    const forged = sign({}, { secret: 'another-secret-of-sufficient-length-0123456789' }).split('.')[2];
    expect(await authenticate(strategy, `${header}.${payload}.${forged}`)).toBe('refused');
    expect(await authenticate(strategy, `${header}.${payload}.`)).toBe('refused');
  });

  it('refuses a token from before a session revocation', async () => {
    expect(await authenticate(strategy, sign({ ver: 0 }))).toBe('refused');
    expect(await authenticate(strategy, sign({}, { secret: 'x'.repeat(48) }))).toBe('refused');
  });
});

import type { TestApp } from './test-app';

export interface Credentials {
  email: string;
  password: string;
}

/** Signs in through the real API and returns the access token. */
export async function loginAs(t: Pick<TestApp, 'http'>, user: Credentials, totp?: string): Promise<string> {
  const res = await t
    .http()
    .post('/api/v1/auth/login')
    .send({ email: user.email, password: user.password, ...(totp ? { totp } : {}) });
  if (res.status !== 200)
    throw new Error(`login of ${user.email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** The refresh cookie (`name=value`) a login or refresh response set. */
export function refreshCookieFrom(res: { headers: Record<string, unknown> }): string {
  const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string[] | string | undefined) ?? []);
  const cookie = cookies.find((c) => c.startsWith('portico_refresh='));
  if (!cookie) throw new Error('no refresh cookie in the response');
  return cookie.split(';')[0];
}

/**
 * supertest with the bearer token already set:
 * `await authed(t, token).get('/api/v1/me').expect(200)`.
 */
export function authed(t: Pick<TestApp, 'http'>, token: string) {
  const http = t.http();
  const withToken = <T extends { set(name: string, value: string): T }>(req: T) =>
    req.set('Authorization', `Bearer ${token}`);
  return {
    get: (url: string) => withToken(http.get(url)),
    post: (url: string) => withToken(http.post(url)),
    put: (url: string) => withToken(http.put(url)),
    patch: (url: string) => withToken(http.patch(url)),
    delete: (url: string) => withToken(http.delete(url)),
    head: (url: string) => withToken(http.head(url)),
  };
}

/** Signs in and returns the bearer-authenticated client in one step. */
export async function clientFor(t: Pick<TestApp, 'http'>, user: Credentials) {
  return authed(t, await loginAs(t, user));
}

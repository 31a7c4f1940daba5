import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import type { Locale, OrgKind, Role, UserStatus } from '@portico/auth';
import { Organization } from '../../src/organizations/entities/organization.entity';
import { User } from '../../src/users/entities/user.entity';
import type { TestApp } from './test-app';

/** The password of every user made by `createUser` unless one is given. */
export const TEST_PASSWORD = 'correct horse battery staple';

const hashes = new Map<string, Promise<string>>();
/** Hashing is deliberately slow; tests reuse one hash per distinct password. */
function hashOf(password: string): Promise<string> {
  if (!hashes.has(password))
    hashes.set(
      password,
      argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
    );
  return hashes.get(password)!;
}

function unique(): string {
  return randomBytes(4).toString('hex');
}

export interface OrgOptions {
  name?: string;
  kind?: OrgKind;
  status?: 'active' | 'disabled';
}

export async function createOrg(
  t: Pick<TestApp, 'dataSource'>,
  options: OrgOptions = {},
): Promise<Organization> {
  const repository = t.dataSource.getRepository(Organization);
  return repository.save(
    repository.create({
      name: options.name ?? `Org ${unique()}`,
      kind: options.kind ?? 'supplier',
      status: options.status ?? 'active',
    }),
  );
}

export interface UserOptions {
  org?: Organization;
  role?: Role;
  email?: string;
  displayName?: string;
  /** Defaults to TEST_PASSWORD; null for an account without a password (e.g. invited). */
  password?: string | null;
  status?: UserStatus;
  locale?: Locale;
  feishuOpenId?: string;
}

/** The user and the password to sign in with. Creates an organisation fitting the role when none is given. */
export type TestUser = User & { password: string; organization: Organization };

export async function createUser(
  t: Pick<TestApp, 'dataSource'>,
  options: UserOptions = {},
): Promise<TestUser> {
  const role = options.role ?? 'supplier_member';
  const org =
    options.org ??
    (await createOrg(t, { kind: role === 'admin' || role === 'pm' ? 'internal' : 'supplier' }));
  const password = options.password === undefined ? TEST_PASSWORD : options.password;
  const repository = t.dataSource.getRepository(User);
  const user = await repository.save(
    repository.create({
      orgId: org.id,
      email: (options.email ?? `${role.replace('_', '-')}-${unique()}@example.test`).toLowerCase(),
      displayName: options.displayName ?? `${role} ${unique()}`,
      role,
      status: options.status ?? 'active',
      passwordHash: password === null ? null : await hashOf(password),
      locale: options.locale ?? 'en',
      feishuOpenId: options.feishuOpenId ?? null,
    }),
  );
  return Object.assign(user, { password: password ?? '', organization: org });
}

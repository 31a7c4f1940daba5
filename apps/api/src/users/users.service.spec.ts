import type { Repository } from 'typeorm';
import { ACCOUNT_STATE_TTL_MS, UsersService } from './users.service';
import type { User } from './entities/user.entity';

/** A stored account as the users repository returns it (with its organisation). */
function account(changes: Partial<User> = {}): User {
  return {
    id: 'u-1',
    orgId: 'o-1',
    email: 'ana@acme.test',
    displayName: 'Ana',
    role: 'supplier_member',
    status: 'active',
    sessionVersion: 1,
    organization: { id: 'o-1', kind: 'supplier', status: 'active', requireMfa: false },
    ...changes,
  } as User;
}

/** A findOne that answers only when the test releases it, counting the reads. */
function heldRepository() {
  const pending: Array<(user: User | null) => void> = [];
  const findOne = jest.fn(() => new Promise<User | null>((resolve) => pending.push(resolve)));
  return {
    repository: { findOne } as unknown as Repository<User>,
    findOne,
    answer: (user: User | null) => pending.splice(0).forEach((resolve) => resolve(user)),
  };
}

const service = (repository: Repository<User>) =>
  new UsersService(
    repository,
    { query: jest.fn().mockResolvedValue([]) } as never,
    undefined as never,
    undefined as never,
    undefined as never,
  );

describe('UsersService.resolve (the per-request account check)', () => {
  let now: number;
  beforeEach(() => {
    now = Date.parse('2026-11-25T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('reads an expired account once for all the requests waiting on it', async () => {
    const db = heldRepository();
    const users = service(db.repository);
    const first = users.resolve('u-1', 1);
    db.answer(account());
    await expect(first).resolves.toMatchObject({ id: 'u-1' });
    expect(db.findOne).toHaveBeenCalledTimes(1);

    now += ACCOUNT_STATE_TTL_MS + 1;
    const burst = Array.from({ length: 20 }, () => users.resolve('u-1', 1));
    await Promise.resolve();
    expect(db.findOne).toHaveBeenCalledTimes(2);
    db.answer(account());
    const resolved = await Promise.all(burst);
    expect(resolved.every((user) => user?.id === 'u-1')).toBe(true);

    // Fresh again: no read until the next expiry.
    await users.resolve('u-1', 1);
    expect(db.findOne).toHaveBeenCalledTimes(2);
  });

  it('does not keep a state read before forget(): the next request reads the account again', async () => {
    const db = heldRepository();
    const users = service(db.repository);
    const waiting = users.resolve('u-1', 1);
    await Promise.resolve();
    users.forget('u-1'); // e.g. the account was disabled while the read was under way
    db.answer(account());
    await expect(waiting).resolves.toMatchObject({ id: 'u-1' });

    const next = users.resolve('u-1', 1);
    await Promise.resolve();
    expect(db.findOne).toHaveBeenCalledTimes(2);
    db.answer(account({ status: 'disabled' }));
    await expect(next).resolves.toBeNull();
  });

  it('lets every waiting request see a failed read, and tries again on the next one', async () => {
    const findOne = jest
      .fn()
      .mockRejectedValueOnce(new Error('connection reset'))
      .mockResolvedValue(account());
    const users = service({ findOne } as unknown as Repository<User>);
    const failed = await Promise.allSettled([users.resolve('u-1', 1), users.resolve('u-1', 1)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(findOne).toHaveBeenCalledTimes(1);
    await expect(users.resolve('u-1', 1)).resolves.toMatchObject({ id: 'u-1' });
    await expect(users.resolve('u-1', 2)).resolves.toBeNull(); // sessions revoked since the token
    expect(findOne).toHaveBeenCalledTimes(2);
  });
});

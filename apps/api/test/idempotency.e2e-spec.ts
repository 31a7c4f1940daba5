import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { IdempotencyCleanup } from '../src/idempotency/idempotency-cleanup';
import { createSiblingApp, TestApp } from './support/test-app';
import { authed, loginAs } from './support/auth-helpers';
import { createFeedbackWorld, FeedbackWorld } from './feedback.fixtures';

const SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('Idempotency-Key on creating POSTs', () => {
  let w: FeedbackWorld;
  let second: TestApp;

  beforeAll(async () => {
    w = await createFeedbackWorld();
    second = await createSiblingApp(w.t);
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await w?.close();
  }, 180_000);

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await w.t.dataSource.query(sql, params))[0].count);
  const defectsTitled = (title: string) => count(`SELECT count(*) FROM defect WHERE title = $1`, [title]);
  const defect = (title: string) => ({ title, description: 'Hole pattern off by 2 mm', severity: 'major' });

  it('answers a retry with the stored response and creates nothing, on any process', async () => {
    const key = randomUUID();
    const first = await w.asAna
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .set('Idempotency-Key', key)
      .send(defect('Retried defect'))
      .expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The retry reaches the other API process, with the body's keys in another order.
    const token = await loginAs(second, w.ana);
    const retry = await authed(second, token)
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .set('Idempotency-Key', key)
      .send({ severity: 'major', description: 'Hole pattern off by 2 mm', title: 'Retried defect' })
      .expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await defectsTitled('Retried defect')).toBe(1);
  });

  it('refuses the same key with another body (422 naming the header) and creates nothing', async () => {
    const key = randomUUID();
    await w.asAna
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .set('Idempotency-Key', key)
      .send(defect('Original'))
      .expect(201);
    const res = await w.asAna
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .set('Idempotency-Key', key)
      .send(defect('Changed'))
      .expect(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await defectsTitled('Changed')).toBe(0);
  });

  it('scopes keys per user: another organisation reusing a key is unrelated', async () => {
    const key = randomUUID();
    await w.asAna
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .set('Idempotency-Key', key)
      .send(defect('Same key, Acme'))
      .expect(201);
    const bo = await w.asBo
      .post(`/api/v1/workspaces/${w.borealisWorkspaceId}/defects`)
      .set('Idempotency-Key', key)
      .send(defect('Same key, Borealis'))
      .expect(201);
    expect(bo.headers['idempotent-replayed']).toBeUndefined();
    expect(await defectsTitled('Same key, Borealis')).toBe(1);
  });

  it('replays comments, files and revision starts too', async () => {
    const { body: created } = await w.asAna
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .send(defect('Commented'))
      .expect(201);
    const commentKey = randomUUID();
    const comment = () =>
      w.asAna
        .post(`/api/v1/defects/${created.id}/comments`)
        .set('Idempotency-Key', commentKey)
        .send({ body: 'Photo attached tomorrow' })
        .expect(201);
    const firstComment = await comment();
    expect((await comment()).body).toEqual(firstComment.body);
    expect(await count(`SELECT count(*) FROM comment WHERE defect_id = $1`, [created.id])).toBe(1);

    const itemKey = randomUUID();
    const itemComment = () =>
      w.asAna
        .post(`/api/v1/items/${w.itemId}/comments`)
        .set('Idempotency-Key', itemKey)
        .send({ body: 'Which tolerance applies?' })
        .expect(201);
    expect((await itemComment()).body).toEqual((await itemComment()).body);
    expect(await count(`SELECT count(*) FROM comment WHERE body = 'Which tolerance applies?'`)).toBe(1);

    const fileKey = randomUUID();
    const createFile = () =>
      w.asAna
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/files`)
        .set('Idempotency-Key', fileKey)
        .send({ documentNumber: 'D-IDEM-1', title: 'Bracket' })
        .expect(201);
    const file = (await createFile()).body;
    expect((await createFile()).body).toEqual(file);

    const revisionKey = randomUUID();
    const start = () =>
      w.asAna
        .post(`/api/v1/files/${file.id}/revisions`)
        .set('Idempotency-Key', revisionKey)
        .send({ fileName: 'bracket.pdf', size: 1000, sha256: SHA })
        .expect(201);
    const started = (await start()).body;
    expect((await start()).body).toEqual(started);
    expect(await count(`SELECT count(*) FROM file_revision WHERE file_id = $1`, [file.id])).toBe(1);
  });

  it('lets one of two concurrent requests with a key run; the other gets 409 while it is in flight', async () => {
    const { body: file } = await w.asAna
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/files`)
      .send({ documentNumber: 'D-IDEM-RACE', title: 'Raced' })
      .expect(201);
    // Holding the file's row lock keeps whichever request claimed the key waiting inside the handler.
    const lock = new PgClient({ connectionString: w.t.config.databaseUrl });
    await lock.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('SELECT 1 FROM file WHERE id = $1 FOR UPDATE', [file.id]);
      const key = randomUUID();
      const token = await loginAs(second, w.ana);
      const body = { fileName: 'raced.pdf', size: 2000, sha256: SHA };
      const settled: number[] = [];
      const send = (client: ReturnType<typeof authed>) =>
        client
          .post(`/api/v1/files/${file.id}/revisions`)
          .set('Idempotency-Key', key)
          .send(body)
          .then((res) => {
            settled.push(res.status);
            return res;
          });
      const requests = [send(w.asAna), send(authed(second, token))];
      const loser = await Promise.race(requests);
      expect(loser.status).toBe(409);
      expect(loser.body.detail).toMatch(/in progress/);
      expect(Number(loser.headers['retry-after'])).toBeGreaterThan(0);
      // The winner is still in flight, waiting for the lock.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toEqual([409]);
      await lock.query('COMMIT');
      const results = await Promise.all(requests);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const winner = results.find((r) => r.status === 201)!;
      const retry = await w.asAna
        .post(`/api/v1/files/${file.id}/revisions`)
        .set('Idempotency-Key', key)
        .send(body)
        .expect(201);
      expect(retry.body).toEqual(winner.body);
      expect(await count(`SELECT count(*) FROM file_revision WHERE file_id = $1`, [file.id])).toBe(1);
    } finally {
      await lock.end();
    }
  });

  it('frees the key when the request fails, so a corrected retry runs', async () => {
    const key = randomUUID();
    const bad = await w.asAna
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .set('Idempotency-Key', key)
      .send({ title: 'No severity', description: 'x' })
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'severity' })]);
    await w.asAna
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .set('Idempotency-Key', key)
      .send({ title: 'No severity', description: 'x', severity: 'minor' })
      .expect(201);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    const res = await w.asAna
      .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
      .set('Idempotency-Key', 'x'.repeat(256))
      .send(defect('Long key'))
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await defectsTitled('Long key')).toBe(0);
  });

  it('forgets keys after they expire: the maintenance job deletes them and the key works anew', async () => {
    const key = randomUUID();
    const post = () =>
      w.asAna
        .post(`/api/v1/workspaces/${w.acmeWorkspaceId}/defects`)
        .set('Idempotency-Key', key)
        .send(defect('Expiring'));
    await post().expect(201);
    await w.t.dataSource.query(
      `UPDATE idempotency_key SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [key],
    );
    expect(await w.t.app.get(IdempotencyCleanup).runOnce()).toBeGreaterThanOrEqual(1);
    expect(await count(`SELECT count(*) FROM idempotency_key WHERE key = $1`, [key])).toBe(0);
    const again = await post().expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(await defectsTitled('Expiring')).toBe(2);
  });
});

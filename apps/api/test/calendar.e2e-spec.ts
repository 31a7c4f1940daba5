import { Client, createTwoTenantWorld, TwoTenantWorld } from './support/two-tenant-world';

interface ParsedEvent {
  [property: string]: string;
}

/**
 * An RFC 5545 reader strict about what the feed promises: CRLF only, no physical line over 75 octets,
 * folded lines joined back, TEXT unescaped.
 */
function parseCalendar(text: string): { calendar: Record<string, string>; events: ParsedEvent[] } {
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  const lines = physical.reduce<string[]>((all, line) => {
    if (line.startsWith(' ')) all[all.length - 1] += line.slice(1);
    else all.push(line);
    return all;
  }, []);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines[lines.length - 1]).toBe('END:VCALENDAR');
  const unescape = (v: string) =>
    v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c.toLowerCase() === 'n' ? '\n' : c));
  const calendar: Record<string, string> = {};
  const events: ParsedEvent[] = [];
  let event: ParsedEvent | null = null;
  for (const line of lines.slice(1, -1)) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (line === 'BEGIN:VEVENT') event = {};
    else if (line === 'END:VEVENT') {
      events.push(event as ParsedEvent);
      event = null;
    } else if (event) event[name] = name === 'SUMMARY' || name === 'DESCRIPTION' ? unescape(value) : value;
    else calendar[name] = value;
  }
  return { calendar, events };
}

describe('Calendar feed', () => {
  let w: TwoTenantWorld;
  const v1 = (path: string) => `/api/v1/${path}`;
  const pathOf = (url: string) => new URL(url).pathname;
  const fetchFeed = (url: string) =>
    w.t
      .http()
      .get(pathOf(url))
      .buffer(true)
      .parse((res, done) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done(null, body));
      });
  const TITLE =
    'Bracket, rev C; check the \\ path — 支架孔位需要确认，请供应商在截止日期前回复 and more words to fold';

  async function publishDueDate(as: Client, issue: string, itemId: string, due: string, summary?: string) {
    w.jira.control.editIssue(issue, { duedate: due, ...(summary ? { summary } : {}) });
    const res = await as.post(v1(`items/${itemId}/publish`)).send({ note: `due ${due}` });
    expect(res.status).toBe(201);
  }

  beforeAll(async () => {
    w = await createTwoTenantWorld();
    await publishDueDate(w.as.pm, 'HW-1', w.acme.itemId, '2027-03-15', TITLE);
    await publishDueDate(w.as.pm, 'HW-3', w.borealis.itemId, '2027-04-01');
  }, 120_000);
  afterAll(() => w?.close());

  it('serves an RFC 5545 feed of the due dates the user can see', async () => {
    const { body } = await w.as.acmeMember.post(v1('me/calendar')).expect(201);
    expect(body.url).toMatch(new RegExp(`/api/calendar/${w.acmeMember.id}/[A-Za-z0-9_-]{43}\\.ics$`));
    const res = await fetchFeed(body.url).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const { calendar, events } = parseCalendar(res.body as string);
    expect(calendar).toMatchObject({ VERSION: '2.0', PRODID: expect.any(String) });
    const item = await w.as.acmeMember.get(v1(`items/${w.acme.itemId}`)).expect(200);
    expect(item.body.dueDate).toBe('2027-03-15');
    // The item's due date, and the response due date of the transmittal issued to Acme.
    expect(events.map((e) => e.UID).sort()).toEqual(
      [`${w.acme.itemId}@portico`, `transmittal-${w.acme.transmittalId}@portico`].sort(),
    );
    const itemEvent = events.find((e) => e.UID === `${w.acme.itemId}@portico`)!;
    expect(itemEvent).toMatchObject({
      UID: `${w.acme.itemId}@portico`,
      'DTSTART;VALUE=DATE': '20270315',
      'DTEND;VALUE=DATE': '20270316',
      SEQUENCE: '0',
      SUMMARY: TITLE,
    });
    expect(itemEvent.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
    // The long title was folded, and the text escapes are on the wire.
    expect(res.body).toContain('Bracket\\, rev C\\; check the \\\\ path');
    expect((res.body as string).split('\r\n').some((l) => l.startsWith(' '))).toBe(true);
  });

  it("never lists another organisation's items", async () => {
    const borealis = await w.as.borealisAdmin.post(v1('me/calendar')).expect(201);
    const text = (await fetchFeed(borealis.body.url).expect(200)).body as string;
    const { events } = parseCalendar(text);
    expect(events.map((e) => e.UID).sort()).toEqual(
      [`${w.borealis.itemId}@portico`, `transmittal-${w.borealis.transmittalId}@portico`].sort(),
    );
    for (const secret of w.acmeSecrets) expect(text).not.toContain(secret);
    expect(text).not.toContain('Bracket');
  });

  it('increments SEQUENCE when a new version changes the due date, and only then', async () => {
    const { body } = await w.as.acmeMember.get(v1('me/calendar')).expect(200);
    const event = async () =>
      parseCalendar((await fetchFeed(body.url).expect(200)).body as string).events.find(
        (e) => e.UID === `${w.acme.itemId}@portico`,
      )!;
    expect((await event()).SEQUENCE).toBe('0');
    await publishDueDate(w.as.pm, 'HW-1', w.acme.itemId, '2027-03-22');
    expect(await event()).toMatchObject({ SEQUENCE: '1', 'DTSTART;VALUE=DATE': '20270322' });
    expect((await event()).SEQUENCE).toBe('1');
    // A new version with the same due date leaves the event as it is.
    w.jira.control.editIssue('HW-1', { summary: 'Bracket rev D' });
    await w.as.pm
      .post(v1(`items/${w.acme.itemId}/publish`))
      .send({})
      .expect(201);
    expect(await event()).toMatchObject({ SEQUENCE: '1', SUMMARY: 'Bracket rev D' });
  });

  it('lists the response due date of an issued transmittal until the supplier has answered', async () => {
    const transmittal = (await w.as.acmeAdmin.get(v1(`transmittals/${w.acme.transmittalId}`)).expect(200))
      .body;
    const { body } = await w.as.acmeAdmin.post(v1('me/calendar')).expect(201);
    const events = async () => parseCalendar((await fetchFeed(body.url).expect(200)).body as string).events;
    const uid = `transmittal-${w.acme.transmittalId}@portico`;
    expect((await events()).find((e) => e.UID === uid)).toMatchObject({
      'DTSTART;VALUE=DATE': transmittal.dueDate.replace(/-/g, ''),
      SEQUENCE: '0',
      SUMMARY: `Response due: ${transmittal.number} ${transmittal.subject}`,
    });
    // The PM sees it in their feed too; once the supplier has answered, it leaves both.
    const pmFeed = (await w.as.pm.post(v1('me/calendar')).expect(201)).body.url as string;
    const pmEvents = async () => parseCalendar((await fetchFeed(pmFeed).expect(200)).body as string).events;
    expect((await pmEvents()).map((e) => e.UID)).toContain(uid);
    const codes = (
      await w.as.acmeAdmin.get(v1(`workspaces/${w.acme.workspaceId}/transmittal-settings`)).expect(200)
    ).body.reviewCodes as { code: string }[];
    await w.as.acmeAdmin
      .post(v1(`transmittals/${w.acme.transmittalId}/response`))
      .send({ contents: [{ contentId: w.acme.transmittalContentId, code: codes[0].code }] })
      .expect(200);
    expect((await events()).map((e) => e.UID)).not.toContain(uid);
    expect((await pmEvents()).map((e) => e.UID)).not.toContain(uid);
  });

  it('rotating kills the old URL, turning it off kills the current one', async () => {
    const first = (await w.as.acmeAdmin.post(v1('me/calendar')).expect(201)).body.url as string;
    await fetchFeed(first).expect(200);
    const second = (await w.as.acmeAdmin.post(v1('me/calendar')).expect(201)).body.url as string;
    expect(second).not.toBe(first);
    const old = await w.t.http().get(pathOf(first));
    expect([old.status, old.type]).toEqual([404, 'application/problem+json']);
    await fetchFeed(second).expect(200);
    expect((await w.as.acmeAdmin.get(v1('me/calendar')).expect(200)).body.url).toBe(second);
    await w.as.acmeAdmin.delete(v1('me/calendar')).expect(204);
    await w.t.http().get(pathOf(second)).expect(404);
    expect((await w.as.acmeAdmin.get(v1('me/calendar')).expect(200)).body.url).toBeNull();
    // Turning it on again never brings an earlier URL back.
    const third = (await w.as.acmeAdmin.post(v1('me/calendar')).expect(201)).body.url as string;
    expect([first, second]).not.toContain(third);
    await w.t.http().get(pathOf(first)).expect(404);
  });

  it("answers 404 for made-up, malformed or another user's URLs", async () => {
    const mine = (await w.as.acmeMember.get(v1('me/calendar')).expect(200)).body.url as string;
    const secret = mine.split('/').pop() as string;
    for (const path of [
      `/api/calendar/${w.acmeAdmin.id}/${secret}`,
      `/api/calendar/not-a-uuid/${secret}`,
      `/api/calendar/${w.acmeMember.id}/${'A'.repeat(43)}.ics`,
      `/api/calendar/${w.acmeMember.id}/${secret.replace('.ics', '')}`,
      `/api/calendar/${w.acmeMember.id}/${'%00'.repeat(20)}.ics`,
    ]) {
      const res = await w.t.http().get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });
});

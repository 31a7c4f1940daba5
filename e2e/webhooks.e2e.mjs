import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { apiAs, publishedItem } from './support/api.mjs';
import { expectNoSeriousA11yViolations, expectVisible } from './support/expect.mjs';
import { ANA, PM, signIn } from './support/session.mjs';
import { eventually } from './support/wait.mjs';

const ACME = 'Acme Precision Parts';

/** A supplier's receiver on loopback (the development egress allowlist names loopback). */
async function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/portico-hooks`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Standard Webhooks verification, as a supplier would write it from the specification. */
function verify(secret, { headers, body }) {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`)
    .digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, mac] = entry.split(',');
      const given = Buffer.from(mac ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

export default [
  {
    name: 'Ana registers a webhook; a version the PM publishes reaches her receiver signed, with the supplier projection',
    timeout: 180_000,
    async run({ page, baseUrl, shot }) {
      const receiver = await startReceiver();
      try {
        const { item } = await publishedItem(baseUrl, { pmEmail: PM, supplier: ACME });
        await signIn(page, ANA);
        await page.goto('/integrations');
        await expectVisible(page.getByRole('heading', { name: 'Webhooks' }));
        await page.getByLabel('Endpoint URL (https)').fill(receiver.url);
        await page.getByLabel('Description').fill('Our tracker');
        // "a new version of a shared item" is chosen by default; add replies too.
        await page.getByRole('checkbox', { name: /comment\.created/ }).check();
        await page.getByRole('button', { name: 'Add endpoint' }).click();
        const secretBox = page.getByTestId('webhook-secret');
        await expectVisible(secretBox);
        const secret = (await secretBox.innerText()).trim();
        if (!/^whsec_[A-Za-z0-9+/]{43}=$/.test(secret)) throw new Error(`unexpected secret ${secret}`);
        await expectVisible(page.getByTestId('webhook-endpoint').filter({ hasText: 'Our tracker' }));
        await shot('endpoint registered');
        await expectNoSeriousA11yViolations(page);

        // The PM publishes version 3 (through the API, as the console does).
        const pm = await apiAs(baseUrl, PM);
        await pm.patch(`/api/v1/items/${item.id}`, { fields: ['summary', 'status', 'priority'] });
        await pm.post(`/api/v1/items/${item.id}/publish`, { note: 'Description no longer shared' });

        const hook = await eventually(
          'the item.version_published delivery',
          () =>
            receiver.received.find((h) => {
              const json = JSON.parse(h.body);
              return json.type === 'item.version_published' && json.data.item?.id === item.id;
            }),
          { timeoutMs: 60_000, intervalMs: 250 },
        );
        if (!verify(secret, hook)) throw new Error('the signature does not verify with the secret shown');
        const { data } = JSON.parse(hook.body);
        const seen = await (await apiAs(baseUrl, ANA)).get(`/api/v1/items/${item.id}`);
        if (data.item.latestVersion !== 3 || data.item.title !== seen.title)
          throw new Error(`unexpected item in the payload: ${JSON.stringify(data.item)}`);
        for (const internal of ['sourceRef', 'sourceType', 'draft', 'fieldAllowlist'])
          if (internal in data.item) throw new Error(`the payload carries the internal field ${internal}`);
        if (!data.link.endsWith(`/items/${item.id}`)) throw new Error(`unexpected link ${data.link}`);

        // The delivery log shows it; Redeliver sends the same message again.
        const endpoint = page.getByTestId('webhook-endpoint').filter({ hasText: 'Our tracker' });
        await endpoint.getByRole('button', { name: 'Delivery log' }).click();
        const log = page.getByTestId('webhook-log');
        await expectVisible(log.getByText('item.version_published'));
        await shot('delivery log');
        await expectNoSeriousA11yViolations(page);
        const before = receiver.received.length;
        await log
          .getByRole('row')
          .filter({ hasText: 'item.version_published' })
          .first()
          .getByRole('button', { name: 'Redeliver' })
          .click();
        const again = await eventually(
          'the redelivery',
          () =>
            receiver.received
              .slice(before)
              .find((h) => h.headers['webhook-id'] === hook.headers['webhook-id']),
          { timeoutMs: 30_000, intervalMs: 250 },
        );
        if (again.body !== hook.body || !verify(secret, again)) throw new Error('the redelivery differs');

        await endpoint.getByRole('button', { name: 'Send test' }).click();
        await eventually(
          'the ping',
          () => receiver.received.some((h) => JSON.parse(h.body).type === 'ping' && verify(secret, h)),
          { timeoutMs: 30_000, intervalMs: 250 },
        );
        await endpoint.getByRole('button', { name: 'Delete' }).click();
        await expectVisible(page.getByText('No webhook endpoints yet.'));
      } finally {
        await receiver.close();
      }
    },
  },
];

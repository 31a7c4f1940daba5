import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { authed, loginAs } from './support/auth-helpers';
import { PorticoCluster, startCluster } from './support/cluster';
import { createOrg, createUser } from './support/factories';
import { waitFor } from './support/sync-queue';

interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  role: string;
  attributes: Record<string, unknown>;
}

/**
 * An OTLP/HTTP collector kept in memory: the processes export to it exactly as to a real one
 * (OTEL_EXPORTER_OTLP_ENDPOINT), and the test reads the spans back.
 */
async function startCollector(): Promise<{ url: string; spans: CollectedSpan[]; server: Server }> {
  const spans: CollectedSpan[] = [];
  type KeyValue = { key: string; value: Record<string, unknown> };
  const flat = (list: KeyValue[] = []) =>
    Object.fromEntries(list.map(({ key, value }) => [key, Object.values(value)[0]]));
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += String(chunk)));
    request.on('end', () => {
      const exported = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: KeyValue[] };
          scopeSpans: Array<{
            spans: Array<Omit<CollectedSpan, 'role' | 'attributes'> & { attributes: KeyValue[] }>;
          }>;
        }>;
      };
      for (const resource of exported.resourceSpans) {
        const role = String(flat(resource.resource.attributes)['portico.role']);
        for (const scope of resource.scopeSpans)
          for (const span of scope.spans) spans.push({ ...span, role, attributes: flat(span.attributes) });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

const describeWithServer = process.env.DATABASE_URL ? describe : describe.skip;

describeWithServer('Tracing and request metrics across an API and a worker process', () => {
  let c: PorticoCluster;
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    collector = await startCollector();
    c = await startCluster({
      apiCount: 1,
      workerCount: 1,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200', LOG_LEVEL: 'info' },
    });
  }, 240_000);
  afterAll(async () => {
    await c?.close();
    collector?.server.close();
  });

  it('follows one defect report in one trace from POST …/defects to the Jira create call', async () => {
    const db = { dataSource: c.dataSource };
    const internal = await createOrg(db, { kind: 'internal' });
    const acme = await createOrg(db, { kind: 'supplier' });
    const pm = await createUser(db, { org: internal, role: 'pm' });
    const ana = await createUser(db, { org: acme, role: 'supplier_member' });
    const api = c.api(0);
    const workspaceId = (
      await authed(api, await loginAs(api, pm))
        .post('/api/v1/workspaces')
        .send({ name: 'Traced', supplierOrgId: acme.id, jiraProjectKey: 'HW' })
        .expect(201)
    ).body.id;
    const defectId = (
      await authed(api, await loginAs(api, ana))
        .post(`/api/v1/workspaces/${workspaceId}/defects`)
        .send({ title: 'Traced defect', description: 'd', severity: 'major' })
        .expect(201)
    ).body.id;

    const report = await waitFor(
      async () =>
        collector.spans.find((s) => s.name === 'POST /api/v1/workspaces/:id/defects' && s.role === 'api'),
      30_000,
      'the span of the defect report',
    );
    const jiraCreate = await waitFor(
      async () =>
        collector.spans.find(
          (s) =>
            s.traceId === report.traceId &&
            s.role === 'worker' &&
            String(s.attributes['url.full']).endsWith('/rest/api/3/issue') &&
            s.attributes['http.request.method'] === 'POST',
        ),
      60_000,
      'the Jira create call in the same trace',
    );
    // The Jira call's ancestors lead through the delivering job back to the request (a parent span ends,
    // and is exported, after its children).
    const ancestorsOf = (span: CollectedSpan) => {
      const byId = new Map(collector.spans.map((s) => [s.spanId, s]));
      const ancestors: CollectedSpan[] = [];
      for (let s = byId.get(span.parentSpanId ?? ''); s; s = byId.get(s.parentSpanId ?? ''))
        ancestors.push(s);
      return ancestors;
    };
    const ancestors = await waitFor(
      async () => {
        const chain = ancestorsOf(jiraCreate);
        return chain.at(-1)?.spanId === report.spanId && chain;
      },
      10_000,
      'the spans between the request and the Jira call',
    );
    expect(ancestors.map((s) => s.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^job feedback\./), report.name]),
    );
    const trace = collector.spans.filter((s) => s.traceId === report.traceId);
    // PostgreSQL queries of the request and of the job are in it too.
    const isQuery = (s: CollectedSpan) =>
      [s.attributes['db.system'], s.attributes['db.system.name']].includes('postgresql');
    expect(trace.filter((s) => s.role === 'api' && isQuery(s)).length).toBeGreaterThan(0);
    expect(trace.filter((s) => s.role === 'worker' && isQuery(s)).length).toBeGreaterThan(0);
    // The delivering process's log lines carry the trace id.
    await waitFor(
      async () => c.workers[0].output().includes(`"trace_id":"${report.traceId}"`),
      10_000,
      `a worker log line with trace_id ${report.traceId} (defect ${defectId})`,
    );
  }, 120_000);

  it('reports request durations on /metrics by route pattern and status, never by raw URL', async () => {
    const api = c.api(0);
    await api.http().get('/api/v1/defects/00000000-0000-4000-8000-000000000000').expect(401);
    const text = (await api.http().get('/metrics').expect(200)).text;
    expect(text).toMatch(
      /portico_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/workspaces\/:id\/defects",status_code="201"\} 1/,
    );
    expect(text).toMatch(
      /portico_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/v1\/defects\/:id",status_code="401"\} \d+/,
    );
    expect(text).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

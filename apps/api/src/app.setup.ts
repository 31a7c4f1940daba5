import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet, { FastifyHelmetOptions } from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from './config';
import { AppModule } from './app.module';
import { auditApiTokenChanges } from './api-tokens';
import { AuditService } from './audit';
import { ConsoleSummaryService, forgetSummariesOnWrites } from './console';
import { AppLogger, logRequests, ROOT_LOGGER } from './logging';
import { ProblemDetailsFilter, createValidationPipe } from './common';
import { documentRateLimits } from './rate-limits';
import { recordHttpDurations, METRICS_REGISTRY } from './metrics';
import { nameRequestSpan, tracingEnabled } from './tracing';

// Compiled to dist/api/apps/api/src/, five levels below the repository root that holds dist/portal.
export const DEFAULT_PORTAL_DIR = join(__dirname, '..', '..', '..', '..', '..', 'dist', 'portal', 'browser');

export interface CreateAppOptions {
  /** Folder with the built portal; served at `/` with SPA fallback when it holds an index.html. */
  portalDir?: string;
  /**
   * Closing the server leaves open connections alone and still answers requests arriving on them, so a
   * request already sent when shutdown begins completes; main.ts closes idle connections itself.
   */
  drainOnClose?: boolean;
}

/** Builds the fully configured HTTP application; used by `main.ts` and by the integration tests alike. */
export async function createApp(
  config: AppConfig,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    // request.ip keys the auth rate limit and the audit log: only configured proxies may override it.
    new FastifyAdapter({
      trustProxy: config.trustProxy,
      bodyLimit: 1024 * 1024,
      ...(options.drainOnClose ? { forceCloseConnections: false, return503OnClosing: false } : {}),
      // One id per request, taken from a trusted proxy's header when well-formed, else new; Fastify
      // makes it request.id, which the request log line (logging/request-log.ts) carries and the
      // onRequest hook below echoes.
      requestIdHeader: false,
      genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
        const header = request.headers['x-request-id'];
        return typeof header === 'string' && /^[\w-]{1,64}$/.test(header) ? header : randomUUID();
      },
    }),
    // rawBody: webhook signatures cover the exact bytes received (sync/webhooks).
    { bufferLogs: true, rawBody: true },
  );
  app.useLogger(app.get(AppLogger));
  acceptEmptyJsonBody(app);

  const storageOrigin = config.s3.endpoint ? new URL(config.s3.endpoint).origin : 'https://*.amazonaws.com';
  const directives = {
    defaultSrc: ["'self'"],
    // Browsers upload drawing parts straight to object storage and download from it.
    connectSrc: ["'self'", storageOrigin],
    imgSrc: ["'self'", 'data:', 'blob:', storageOrigin],
    frameSrc: ["'self'", storageOrigin],
    workerSrc: ["'self'", 'blob:'],
    // Angular Material and the OpenAPI UI inject styles at run time.
    styleSrc: ["'self'", "'unsafe-inline'"],
    scriptSrc: ["'self'"],
    // Over plain http (a laptop or LAN demo) upgrading would send the portal's own scripts to an https
    // port nobody listens on, leaving a blank page; behind TLS the upgrade stays on.
    upgradeInsecureRequests: config.publicUrl.startsWith('https://') ? [] : null,
  };
  const securityHeaders = await helmetHeaders({ contentSecurityPolicy: { directives } });
  // The 3D viewer's STEP/IGES worker (portal /occt/) runs OpenCASCADE compiled to WebAssembly, whose
  // bindings also generate JavaScript at run time (Emscripten's embind). A dedicated worker is governed
  // by the CSP of its own script's response, so only that path gets 'wasm-unsafe-eval' and 'unsafe-eval':
  // the worker has no DOM, no session and evaluates only the library's own code (docs/security.md).
  const occtWorkerHeaders = await helmetHeaders({
    contentSecurityPolicy: {
      directives: { ...directives, scriptSrc: ["'self'", "'wasm-unsafe-eval'", "'unsafe-eval'"] },
    },
  });
  // One synchronous hook on every request (each hook, and an async one more so, is paid per request):
  // the security headers, and the request id (see genReqId above) echoed back.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const headers = request.url.startsWith(OCCT_WORKER_PATH) ? occtWorkerHeaders : securityHeaders;
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      request.headers['x-request-id'] = request.id;
      void reply.header('x-request-id', request.id);
      done();
    });
  logRequests(app.getHttpAdapter().getInstance(), app.get(ROOT_LOGGER));
  recordHttpDurations(app.getHttpAdapter().getInstance(), app.get(METRICS_REGISTRY));
  auditApiTokenChanges(app.getHttpAdapter().getInstance(), app.get(AuditService));
  forgetSummariesOnWrites(app.getHttpAdapter().getInstance(), app.get(ConsoleSummaryService));
  if (tracingEnabled()) {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (request, _reply, done) => {
        nameRequestSpan(request.method, request.routeOptions.url);
        done();
      });
  }
  await app.register(fastifyCookie);

  // Prometheus scrapes /metrics by convention.
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());

  const portalDir = options.portalDir ?? DEFAULT_PORTAL_DIR;
  const servePortal = existsSync(join(portalDir, 'index.html'));
  if (servePortal) {
    await app.register(fastifyStatic, {
      root: portalDir,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  }
  app.useGlobalFilters(new ProblemDetailsFilter(servePortal ? spaFallback : undefined));

  // Built on the first /api/docs request rather than at start-up: most API processes are never asked.
  const document = () =>
    documentRateLimits(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Portico API')
          .setDescription('Supplier collaboration extranet. Errors are RFC 9457 application/problem+json.')
          .setVersion('1')
          .addBearerAuth()
          .build(),
      ),
    );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    useGlobalPrefix: false,
  });
  return app;
}

/**
 * The headers helmet sets for these options. They depend on the options only, yet @fastify/helmet
 * rebuilds helmet (parsing the CSP directives) on every request; here helmet computes them once.
 */
/** Where the portal serves OpenCASCADE's worker and WebAssembly (angular.json assets, public/occt/). */
export const OCCT_WORKER_PATH = '/occt/';

async function helmetHeaders(options: FastifyHelmetOptions): Promise<[string, string | number | string[]][]> {
  const probe = new FastifyAdapter().getInstance();
  await probe.register(fastifyHelmet, options);
  let headers: [string, string | number | string[]][] = [];
  probe.get('/', async (_request, reply) => {
    headers = Object.entries(reply.raw.getHeaders()).filter(
      (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
    );
    return '';
  });
  await probe.inject('/');
  await probe.close();
  if (!headers.some(([name]) => name === 'content-security-policy'))
    throw new Error('helmet set no Content-Security-Policy');
  return headers;
}

/**
 * Replaces Nest's JSON parser with one that takes an empty body as no body: many HTTP clients send
 * `Content-Type: application/json` on every request, including DELETE and a publish without a note,
 * and Fastify's own parser refuses those with "Body cannot be empty". A body that is there must be JSON.
 * Nest then registers no parser of its own, so form-encoded bodies (no route takes them) get 415.
 */
function acceptEmptyJsonBody(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const { onProtoPoisoning, onConstructorPoisoning } = fastify.initialConfig;
  const parseJson = fastify.getDefaultJsonParser(
    onProtoPoisoning ?? 'error',
    onConstructorPoisoning ?? 'error',
  );
  app.useBodyParser(
    'application/json',
    { bodyLimit: fastify.initialConfig.bodyLimit },
    (request, body, done) => {
      if (body.length === 0) done(null, undefined);
      else parseJson(request as FastifyRequest, body.toString('utf8'), done);
    },
  );
}

/** Deep links such as /workspaces/123 get the portal; API paths and non-GETs keep their 404. */
function spaFallback(request: FastifyRequest, reply: FastifyReply): boolean {
  if (request.method !== 'GET' || request.url.startsWith('/api')) return false;
  if (!(request.headers.accept ?? '').includes('text/html')) return false;
  void reply.type('text/html').sendFile('index.html');
  return true;
}

import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDependencyOutage } from './dependency-outage';
import { DomainError, FieldError } from './domain-errors';
import { RequestValidationError } from './validation';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

const TYPE_BASE = 'https://portico.example/problems/';
/** What a client is told to wait before retrying while the database or storage is unreachable. */
const OUTAGE_RETRY_AFTER_SECONDS = 5;

/** Answers every error as RFC 9457 problem+json; unexpected errors are logged, never leaked. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  /** `spaIndex` answers unknown non-API GETs with the portal so deep links work. */
  constructor(private readonly spaIndex?: (request: FastifyRequest, reply: FastifyReply) => boolean) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // Only errors nothing else has answered: a DomainError (e.g. a 502 about Jira) keeps its own status.
    const outage =
      !(exception instanceof DomainError || exception instanceof HttpException) &&
      isDependencyOutage(exception);
    const problem = outage ? unavailable() : this.toProblem(exception);
    if (problem.status === 404 && this.spaIndex?.(request, reply)) return;
    // The request id ties the line to the request's own log line and to the X-Request-Id the client got.
    const req = { id: request.id, method: request.method, url: request.url };
    if (outage)
      this.logger.warn({
        req,
        msg: `dependency unavailable: ${String((exception as Error)?.message ?? exception)}`,
      });
    else if (problem.status >= 500)
      this.logger.error({
        req,
        msg: 'unexpected error',
        err: exception instanceof Error ? exception : new Error(String(exception)),
      });
    problem.instance = request.url.split('?')[0];
    const retryAfter = outage
      ? OUTAGE_RETRY_AFTER_SECONDS
      : (exception as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retryAfter) void reply.header('Retry-After', String(retryAfter));
    void reply.status(problem.status).header('Content-Type', 'application/problem+json').send(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      return {
        type: TYPE_BASE + exception.type,
        title: STATUS_CODES[exception.status] ?? 'Error',
        status: exception.status,
        detail: exception.message,
        ...(exception.errors.length ? { errors: exception.errors } : {}),
        ...exception.extensions,
      };
    }
    if (exception instanceof RequestValidationError) {
      return {
        type: TYPE_BASE + 'validation',
        title: 'Bad Request',
        status: 400,
        detail: exception.message,
        errors: exception.errors,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return {
        type: TYPE_BASE + slug(status),
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: detailOf(exception),
        ...extensionsOf(exception),
      };
    }
    const fastifyStatus = (exception as { statusCode?: number }).statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own errors (malformed JSON, body too large, unsupported media type) are client errors.
      return {
        type: TYPE_BASE + slug(fastifyStatus),
        title: STATUS_CODES[fastifyStatus] ?? 'Error',
        status: fastifyStatus,
        detail: (exception as Error).message,
      };
    }
    return {
      type: TYPE_BASE + 'internal',
      title: 'Internal Server Error',
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      detail: 'An unexpected error occurred. It has been logged.',
    };
  }
}

/** The database or object storage is unreachable: nothing was wrong with the request, try again. */
function unavailable(): ProblemDetails {
  return {
    type: TYPE_BASE + 'dependency-unavailable',
    title: 'Service Unavailable',
    status: HttpStatus.SERVICE_UNAVAILABLE,
    detail: 'A service Portico depends on (database or file storage) is unreachable; try again shortly.',
  };
}

function slug(status: number): string {
  return (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '-');
}

/** Extra members of an exception's body (e.g. terminus' per-check `details`) stay in the problem, as RFC 9457 allows. */
function extensionsOf(exception: HttpException): Record<string, unknown> {
  const response = exception.getResponse();
  if (typeof response !== 'object' || response === null) return {};
  // Members of the problem itself are never overwritten: terminus' body has `status: 'error'`, which
  // replaced the numeric status and turned a failed readiness check into a 500.
  const {
    message: _m,
    statusCode: _s,
    error: _e,
    status: _status,
    type: _type,
    title: _title,
    detail: _detail,
    instance: _instance,
    ...rest
  } = response as Record<string, unknown>;
  return rest;
}

function detailOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

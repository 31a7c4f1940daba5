import { HttpErrorResponse } from '@angular/common/http';
import { toApiProblem } from './api-problem';

describe('toApiProblem', () => {
  it('keeps every field the API named, so a form can point at each', () => {
    const problem = toApiProblem(
      new HttpErrorResponse({
        status: 400,
        error: {
          title: 'Bad Request',
          detail: 'Invalid redaction rules',
          errors: [{ field: 'redactionRules[0].pattern', message: 'could backtrack catastrophically' }],
        },
      }),
    );
    expect(problem).toEqual({
      status: 400,
      messageKey: 'console.errors.invalid',
      detail: 'Invalid redaction rules',
      fields: [{ field: 'redactionRules[0].pattern', message: 'could backtrack catastrophically' }],
    });
  });

  it('says the API cannot be reached when the request never got an answer', () => {
    expect(toApiProblem(new HttpErrorResponse({ status: 0 })).messageKey).toBe('console.errors.network');
  });

  it('does not echo server error titles, which carry no advice for the user', () => {
    const problem = toApiProblem(
      new HttpErrorResponse({ status: 500, error: { title: 'Internal Server Error' } }),
    );
    expect(problem.messageKey).toBe('console.errors.server');
    expect(problem.detail).toBeNull();
  });

  it('treats a not-found and a forbidden answer differently', () => {
    expect(toApiProblem(new HttpErrorResponse({ status: 404 })).messageKey).toBe('console.errors.notFound');
    expect(toApiProblem(new HttpErrorResponse({ status: 403 })).messageKey).toBe('console.errors.forbidden');
  });

  it('copes with an error that is not an HTTP answer at all', () => {
    expect(toApiProblem(new Error('boom')).messageKey).toBe('console.errors.unknown');
  });
});

import { OpenApiRequestValidator } from './openapi-request-validator';

describe('OpenAPI validation from the trimmed official Jira document', () => {
  const validator = new OpenApiRequestValidator();

  it('matches literal paths before templated ones and decodes path parameters', () => {
    const matched = validator.match(
      'GET',
      '/rest/api/3/issue/HW-1/properties/portico.ref%2Fx',
      new URLSearchParams(),
    );
    expect(matched).toEqual({
      operation: expect.objectContaining({
        operationId: 'getIssueProperty',
        pathParams: { issueIdOrKey: 'HW-1', propertyKey: 'portico.ref/x' },
      }),
    });
  });

  it('coerces query parameters to the declared types', () => {
    const matched = validator.match(
      'GET',
      '/rest/api/3/search/jql',
      new URLSearchParams('jql=a&maxResults=5&failFast=true&reconcileIssues=1,2'),
    );
    expect(matched).toEqual({
      operation: expect.objectContaining({
        query: { jql: 'a', maxResults: 5, failFast: true, reconcileIssues: [1, 2] },
      }),
    });
  });

  it('names every field of a body that breaks the schema', () => {
    expect(
      validator.validateBody(
        'POST',
        '/rest/api/3/issue/{issueIdOrKey}/remotelink',
        { object: { url: 5 } },
        true,
      ),
    ).toEqual({
      errorMessages: expect.any(Array),
      errors: { url: expect.stringMatching(/string/), title: expect.stringMatching(/required/) },
    });
  });

  it('requires a body where the document does', () => {
    expect(validator.validateBody('POST', '/rest/api/3/issue', undefined, false)).toBeDefined();
  });

  it('detects a response that drifts from the documented schema', () => {
    expect(
      validator.validateResponse('GET', '/rest/api/3/field', 200, [{ id: 'summary', name: 'Summary' }]),
    ).toBeUndefined();
    expect(
      validator.validateResponse('GET', '/rest/api/3/field', 200, [{ id: 'summary', madeUp: true }]),
    ).toBeDefined();
  });

  it('accepts Jira timestamps, whose offsets have no colon', () => {
    const comment = {
      id: '1',
      created: '2022-10-06T07:32:47.000+0000',
      updated: '2022-10-06T07:32:47.000+0000',
    };
    expect(
      validator.validateResponse('POST', '/rest/api/3/issue/{issueIdOrKey}/comment', 201, comment),
    ).toBeUndefined();
  });
});

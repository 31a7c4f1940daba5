import { NotFoundError } from './domain-errors';
import { IntParamPipe, UuidParamPipe } from './param-pipes';
import { RequestValidationError } from './validation';

const param = (data: string) => ({ type: 'param' as const, data, metatype: String });

describe('path parameter pipes', () => {
  it('passes a UUID through and names the parameter of anything else', async () => {
    const id = '8f7d1c2e-4b5a-4c3d-9e8f-0a1b2c3d4e5f';
    await expect(new UuidParamPipe().transform(id, param('id'))).resolves.toBe(id);
    const error = await new UuidParamPipe().transform('not-a-uuid', param('id')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
  });

  it('parses an integer and names the parameter of a non-integer', async () => {
    await expect(new IntParamPipe().transform('12', param('seq'))).resolves.toBe(12);
    for (const value of ['abc', '1.5', '']) {
      const error = await new IntParamPipe().transform(value, param('seq')).catch((e: unknown) => e);
      expect((error as RequestValidationError).errors).toEqual([
        { field: 'seq', message: 'must be an integer' },
      ]);
    }
  });

  it('answers "not found" for numbers beyond a 4-byte integer column instead of letting PostgreSQL fail', async () => {
    await expect(new IntParamPipe().transform('2147483647', param('n'))).resolves.toBe(2147483647);
    await expect(new IntParamPipe().transform('99999999999', param('n'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

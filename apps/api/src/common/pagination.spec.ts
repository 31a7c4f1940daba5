import { LargePageQueryDto, PageQueryDto } from './pagination';
import { createValidationPipe, RequestValidationError } from './validation';

class FileLikeQueryDto extends LargePageQueryDto {}

const errorsOf = async (metatype: new () => object, value: Record<string, string>) => {
  const error = await createValidationPipe()
    .transform(value, { type: 'query', metatype })
    .catch((e: unknown) => e);
  return error instanceof RequestValidationError ? error.errors : error;
};

describe('page queries', () => {
  it('take limit and cursor from the query string', async () => {
    const query = (await createValidationPipe().transform(
      { limit: '20', cursor: 'abc' },
      { type: 'query', metatype: PageQueryDto },
    )) as PageQueryDto;
    expect([query.limit, query.cursor]).toEqual([20, 'abc']);
  });

  it.each(['0', '101', '1.5', 'abc', '-1'])(
    'refuse limit=%s with one message naming the range',
    async (limit) => {
      expect(await errorsOf(PageQueryDto, { limit })).toEqual([
        { field: 'limit', message: 'must be an integer from 1 to 100' },
      ]);
    },
  );

  it('allow up to 200 for the large lists, and extend to their query DTOs', async () => {
    const query = (await createValidationPipe().transform(
      { limit: '200' },
      { type: 'query', metatype: FileLikeQueryDto },
    )) as FileLikeQueryDto;
    expect(query.limit).toBe(200);
    expect(await errorsOf(FileLikeQueryDto, { limit: '201' })).toEqual([
      { field: 'limit', message: 'must be an integer from 1 to 200' },
    ]);
  });
});

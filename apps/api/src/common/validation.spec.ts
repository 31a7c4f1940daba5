import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max } from 'class-validator';
import { createValidationPipe, RequestValidationError } from './validation';

class PatchDto {
  @IsOptional()
  @IsString()
  name?: string;
}

const body = { type: 'body' as const, metatype: PatchDto };

class ListQueryDto {
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Max(100)
  limit?: number;

  @IsOptional()
  @IsString({ each: true })
  tag?: string[];
}

const query = { type: 'query' as const, metatype: ListQueryDto };

describe('request validation pipe', () => {
  it('refuses a JSON null, string or number where a DTO body is expected, naming the body', async () => {
    for (const value of [null, 'text', 42]) {
      const error = await createValidationPipe()
        .transform(value, body)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).errors).toEqual([
        { field: 'body', message: 'must be a JSON object' },
      ]);
    }
  });

  it('still accepts an empty object and a missing body, and names unknown fields', async () => {
    await expect(createValidationPipe().transform({}, body)).resolves.toBeInstanceOf(PatchDto);
    await expect(createValidationPipe().transform(undefined, body)).resolves.toBeDefined();
    const error = await createValidationPipe()
      .transform({ isAdmin: true }, body)
      .catch((e: unknown) => e);
    expect((error as RequestValidationError).errors.map((e) => e.field)).toEqual(['isAdmin']);
  });

  it('refuses strings with a NUL character anywhere in a body or query, naming each field', async () => {
    const error = await createValidationPipe()
      .transform({ name: 'a\u0000b', tags: ['ok', '\u0000'], nested: { deep: '\u0000' } }, body)
      .catch((e: unknown) => e);
    expect((error as RequestValidationError).errors.map((e) => e.field)).toEqual([
      'name',
      'tags[1]',
      'nested.deep',
    ]);
    const query = await createValidationPipe()
      .transform({ q: '\u0000' }, { type: 'query', metatype: Object })
      .catch((e: unknown) => e);
    expect((query as RequestValidationError).errors).toEqual([
      { field: 'q', message: 'must not contain NUL characters' },
    ]);
  });

  it('leaves a single body field such as @Body("note") to its own type', async () => {
    await expect(
      createValidationPipe().transform('plain text', { type: 'body', data: 'note', metatype: String }),
    ).resolves.toBe('plain text');
    const error = await createValidationPipe()
      .transform('a\u0000', { type: 'body', data: 'note', metatype: String })
      .catch((e: unknown) => e);
    expect((error as RequestValidationError).errors.map((e) => e.field)).toEqual(['note']);
  });

  it('answers a repeated query like the first time, each caller with its own object', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({ limit: '50', tag: ['a', 'b'] }, query)) as ListQueryDto;
    expect(first).toBeInstanceOf(ListQueryDto);
    expect(first).toEqual({ limit: 50, tag: ['a', 'b'] });
    first.limit = 1;
    first.tag?.push('changed');
    for (let i = 0; i < 2; i++) {
      const again = (await pipe.transform({ limit: '50', tag: ['a', 'b'] }, query)) as ListQueryDto;
      expect(again).toBeInstanceOf(ListQueryDto);
      expect(again).toEqual({ limit: 50, tag: ['a', 'b'] });
      again.tag?.push('changed');
    }
  });

  it('refuses a repeated bad query every time, naming the field', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) {
      const error = await pipe.transform({ limit: '500' }, query).catch((e: unknown) => e);
      expect((error as RequestValidationError).errors.map((e) => e.field)).toEqual(['limit']);
      const unknown = await pipe.transform({ limit: '5', admin: 'true' }, query).catch((e: unknown) => e);
      expect((unknown as RequestValidationError).errors.map((e) => e.field)).toEqual(['admin']);
    }
    await expect(pipe.transform({ limit: '5' }, query)).resolves.toEqual({ limit: 5 });
  });
});

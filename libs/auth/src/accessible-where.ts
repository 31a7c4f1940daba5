import { rulesToQuery } from '@casl/ability/extra';
import { Brackets, WhereExpressionBuilder } from 'typeorm';
import type { Action, AppAbility, SubjectName } from './ability.factory';

/**
 * Turns the caller's CASL rules for (action, subject) into an SQL condition, so lists and lookups
 * are filtered by the database and a forbidden row looks exactly like a missing one (404).
 *
 * Example — shared items a caller may read, their workspace joined under the alias `workspace`
 * because the supplier rules are written as `{ 'workspace.supplierOrgId': user.orgId }`:
 *
 *   const qb = repo
 *     .createQueryBuilder('item')
 *     .innerJoin('item.workspace', 'workspace')
 *     .where('item.workspaceId = :workspaceId', { workspaceId });
 *   qb.andWhere(accessibleWhere(ability, 'read', 'SharedItem', 'item'));
 *
 * Conditions on the subject's own properties become `<alias>.<property>`, dotted ones
 * (`workspace.ownerId`) are used as written, i.e. `<joined alias>.<property>`; TypeORM maps
 * properties to columns. Supported: equality, null, `$eq`, `$ne`, `$in`, `$nin`, `$all` (array
 * column contains every value), `$lt`, `$lte`, `$gt`, `$gte`, `$and`, `$or`. No matching rule gives
 * `1=0` (nothing), an unconditional one `1=1`.
 * Anything else throws: an unknown operator must never silently widen access.
 */
export function accessibleWhere(
  ability: AppAbility,
  action: Action,
  subject: SubjectName,
  alias: string,
): Brackets {
  const { sql, params } = accessibleSql(ability, action, subject, alias);
  return new Brackets((qb: WhereExpressionBuilder) => {
    qb.where(sql, params);
  });
}

export interface SqlCondition {
  /** SQL with TypeORM named parameters (`:casl_12`). */
  sql: string;
  params: Record<string, unknown>;
}

let sequence = 0;

/** The condition as SQL text + named parameters, for query builders that take strings. */
export function accessibleSql(
  ability: AppAbility,
  action: Action,
  subject: SubjectName,
  alias: string,
): SqlCondition {
  const params: Record<string, unknown> = {};
  const compiler = new ConditionCompiler(alias, params);
  const query = rulesToQuery(ability, action, subject, (rule) => {
    const sql = compiler.compile(rule.conditions as Record<string, unknown>);
    return rule.inverted ? `NOT (${sql})` : sql;
  });
  if (query === null) return { sql: '1=0', params };
  const allowed = query.$or ? `(${query.$or.map((s) => `(${s})`).join(' OR ')})` : '1=1';
  const denied = (query.$and ?? []).map((s) => `(${s})`);
  return { sql: [allowed, ...denied].join(' AND '), params };
}

class ConditionCompiler {
  constructor(
    private readonly alias: string,
    private readonly params: Record<string, unknown>,
  ) {}

  compile(conditions: Record<string, unknown>): string {
    const parts = Object.entries(conditions).map(([key, value]) => {
      if (key === '$and' || key === '$or') {
        const list = (value as Record<string, unknown>[]).map((c) => `(${this.compile(c)})`);
        if (!list.length) return key === '$and' ? '1=1' : '1=0';
        return `(${list.join(key === '$and' ? ' AND ' : ' OR ')})`;
      }
      if (key.startsWith('$')) throw new Error(`accessibleWhere: unsupported operator ${key}`);
      return this.field(this.column(key), value);
    });
    return parts.length ? parts.join(' AND ') : '1=1';
  }

  private column(path: string): string {
    const segments = path.split('.');
    if (segments.some((s) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) || segments.length > 2) {
      throw new Error(`accessibleWhere: unsupported condition path ${path}`);
    }
    return segments.length === 1 ? `${this.alias}.${path}` : path;
  }

  private field(column: string, value: unknown): string {
    if (isOperatorObject(value)) {
      const parts = Object.entries(value).map(([op, operand]) => this.operator(column, op, operand));
      return parts.join(' AND ');
    }
    if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      throw new Error(`accessibleWhere: unsupported value for ${column}; use operators or a dotted path`);
    }
    return this.operator(column, '$eq', value);
  }

  private operator(column: string, op: string, operand: unknown): string {
    switch (op) {
      case '$eq':
        return operand === null ? `${column} IS NULL` : `${column} = :${this.param(operand)}`;
      case '$ne':
        return operand === null
          ? `${column} IS NOT NULL`
          : `(${column} <> :${this.param(operand)} OR ${column} IS NULL)`;
      case '$in':
      case '$nin': {
        if (!Array.isArray(operand)) throw new Error(`accessibleWhere: ${op} needs an array`);
        if (!operand.length) return op === '$in' ? '1=0' : '1=1';
        return `${column} ${op === '$in' ? 'IN' : 'NOT IN'} (:...${this.param(operand)})`;
      }
      case '$all': {
        // Array columns (e.g. `coOwnerIds`): the array holds every listed value.
        if (!Array.isArray(operand)) throw new Error('accessibleWhere: $all needs an array');
        if (!operand.length) return '1=0';
        return `${column} @> :${this.param(operand)}`;
      }
      case '$lt':
        return `${column} < :${this.param(operand)}`;
      case '$lte':
        return `${column} <= :${this.param(operand)}`;
      case '$gt':
        return `${column} > :${this.param(operand)}`;
      case '$gte':
        return `${column} >= :${this.param(operand)}`;
      default:
        throw new Error(`accessibleWhere: unsupported operator ${op}`);
    }
  }

  private param(value: unknown): string {
    sequence = (sequence + 1) % Number.MAX_SAFE_INTEGER;
    const name = `casl_${sequence}`;
    this.params[name] = value;
    return name;
  }
}

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    Object.keys(value).length > 0 &&
    Object.keys(value).every((k) => k.startsWith('$'))
  );
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from './entities/user.entity';

/** A user as other modules show and notify them: name, organisation, locale and address. */
export interface Person {
  id: string;
  displayName: string;
  orgId: string;
  orgName: string;
  orgKind: string;
  locale: string;
  email: string;
  status: string;
}

/** A user as a notification recipient: where and in which language to reach them, and their side. */
export interface Recipient {
  id: string;
  email: string;
  locale: string;
  orgKind: 'internal' | 'supplier';
  role: string;
}

/**
 * Lookups of users for other modules: authors of comments and reporters of defects by id, the people
 * a notification goes to, and which side of the extranet a user is on.
 */
@Injectable()
export class PeopleService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** The users among `ids` that exist, by id; unknown ids are left out. */
  async people(ids: string[]): Promise<Map<string, Person>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.users
      .createQueryBuilder('u')
      .innerJoin('u.organization', 'o')
      .select([
        'u.id AS id',
        'u.displayName AS "displayName"',
        'u.orgId AS "orgId"',
        'o.name AS "orgName"',
        'o.kind AS "orgKind"',
        'u.locale AS locale',
        'u.email AS email',
        'u.status AS status',
      ])
      .where('u.id IN (:...ids)', { ids: unique })
      .getRawMany<Person>();
    return new Map(rows.map((p) => [p.id, p]));
  }

  /** Whether the user belongs to a supplier organisation (false for unknown ids). */
  async isSupplier(userId: string): Promise<boolean> {
    const row = await this.users
      .createQueryBuilder('u')
      .innerJoin('u.organization', 'o')
      .select('o.kind', 'kind')
      .where('u.id = :userId', { userId })
      .getRawOne<{ kind: string }>();
    return row?.kind === 'supplier';
  }

  /** The ids of an organisation's users, whatever their status. */
  async memberIds(orgId: string): Promise<string[]> {
    const rows = await this.users.find({ where: { orgId }, select: { id: true } });
    return rows.map((u) => u.id);
  }

  /** The active users among `ids`. */
  activeRecipients(ids: string[]): Promise<Recipient[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.recipients().andWhere('u.id IN (:...ids)', { ids }).getRawMany<Recipient>();
  }

  /** The active users of an organisation. */
  activeMembers(orgId: string): Promise<Recipient[]> {
    return this.recipients().andWhere('u.orgId = :orgId', { orgId }).getRawMany<Recipient>();
  }

  private recipients() {
    return this.users
      .createQueryBuilder('u')
      .innerJoin('u.organization', 'o')
      .select([
        'u.id AS id',
        'u.email AS email',
        'u.locale AS locale',
        'u.role AS role',
        'o.kind AS "orgKind"',
      ])
      .where("u.status = 'active'");
  }
}

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

/** Batch lookups of users by id for other modules (authors of comments, reporters of defects). */
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
}

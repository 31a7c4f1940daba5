import { inject, Injectable } from '@angular/core';
import type { Organization, OrgUser } from '../api/console-api.types';
import { OrganizationsApi } from '../../team/organizations-api.service';

export interface Person {
  id: string;
  email: string;
  displayName: string;
  orgName: string;
}

export interface Directory {
  orgs: Organization[];
  people: Person[];
  personById: Map<string, Person>;
  orgById: Map<string, Organization>;
}

/**
 * Names for the ids in audit events and jobs. The API has no user search, so this reads the
 * organisations and their members once per page visit; fine for the handful of organisations a
 * Portico installation serves.
 */
@Injectable({ providedIn: 'root' })
export class PeopleDirectory {
  private readonly api = inject(OrganizationsApi);

  async load(): Promise<Directory> {
    const orgs = await this.api.listAll();
    const memberLists = await Promise.all(
      orgs.map((org) => this.api.allMembers(org.id).catch((): OrgUser[] => [])),
    );
    const people = memberLists.flatMap((members, i) =>
      members.map((m) => ({ id: m.id, email: m.email, displayName: m.displayName, orgName: orgs[i]!.name })),
    );
    people.sort((a, b) => a.email.localeCompare(b.email));
    return {
      orgs,
      people,
      personById: new Map(people.map((p) => [p.id, p])),
      orgById: new Map(orgs.map((o) => [o.id, o])),
    };
  }
}

import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@portico/auth';
import { APP_CONFIG, type AppConfig } from '../config';
import { Organization } from '../organizations';
import { User, PasswordHasher } from '../users';

interface DemoUser {
  email: string;
  displayName: string;
  role: Role;
  org: string;
  /** Matches a user of the built-in Feishu simulator, so "Sign in with Feishu" works in the demo. */
  feishuOpenId?: string;
}

export const DEMO_INTERNAL_ORG = 'Portico';
export const DEMO_SUPPLIERS = ['Acme Precision Parts', 'Borealis Castings'];
export const DEMO_USERS: DemoUser[] = [
  {
    email: 'admin@portico.example',
    displayName: 'Alex Admin',
    role: 'admin',
    org: DEMO_INTERNAL_ORG,
    feishuOpenId: 'ou_demo_admin_zhangmin',
  },
  {
    email: 'pm@portico.example',
    displayName: 'Pat Manager',
    role: 'pm',
    org: DEMO_INTERNAL_ORG,
    feishuOpenId: 'ou_demo_pm_liwei',
  },
  {
    email: 'ana@acme.example',
    displayName: 'Ana Souza',
    role: 'supplier_admin',
    org: 'Acme Precision Parts',
  },
  {
    email: 'ben@acme.example',
    displayName: 'Ben Okafor',
    role: 'supplier_member',
    org: 'Acme Precision Parts',
  },
  {
    email: 'sara@borealis.example',
    displayName: 'Sara Lind',
    role: 'supplier_admin',
    org: 'Borealis Castings',
  },
];

/**
 * The demo organisations and users of `npm start` on the embedded database. Idempotent: what
 * exists is left alone (a changed demo password is not reset). Never runs in production or tests.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const embeddedDatabase = !this.config.raw.DATABASE_URL;
    if (this.config.env !== 'development' || !embeddedDatabase) return;
    const created = await this.run();
    const lines = [
      `Demo users (password "${this.config.demoPassword}", from DEMO_PASSWORD)${created ? '' : ' — already present'}:`,
      ...DEMO_USERS.map((u) => `  ${u.email.padEnd(24)} ${u.role.padEnd(16)} ${u.org}`),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }

  /** Creates whatever of the demo data is missing; returns how many users were created. */
  async run(): Promise<number> {
    const hash = await this.passwords.hash(this.config.demoPassword);
    return this.dataSource.transaction(async (manager) => {
      const orgs = manager.getRepository(Organization);
      const users = manager.getRepository(User);
      const orgIds = new Map<string, string>();
      const internal =
        (await orgs.findOneBy({ kind: 'internal' })) ??
        (await orgs.save(orgs.create({ name: DEMO_INTERNAL_ORG, kind: 'internal' })));
      orgIds.set(DEMO_INTERNAL_ORG, internal.id);
      for (const name of DEMO_SUPPLIERS) {
        const org =
          (await orgs.findOneBy({ name, kind: 'supplier' })) ??
          (await orgs.save(orgs.create({ name, kind: 'supplier' })));
        orgIds.set(name, org.id);
      }
      let created = 0;
      for (const demo of DEMO_USERS) {
        const exists = await users
          .createQueryBuilder('u')
          .where('lower(u.email) = :email', { email: demo.email })
          .getExists();
        if (exists) continue;
        await users.save(
          users.create({
            orgId: orgIds.get(demo.org)!,
            email: demo.email,
            displayName: demo.displayName,
            role: demo.role,
            status: 'active',
            passwordHash: hash,
            feishuOpenId: demo.feishuOpenId ?? null,
          }),
        );
        created++;
      }
      if (created) this.logger.log(`Seeded ${created} demo users`);
      return created;
    });
  }
}

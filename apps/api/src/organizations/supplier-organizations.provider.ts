import { Global, Injectable, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SUPPLIER_ORGANIZATIONS, type SupplierOrganizations } from '../workspaces';

/** Answers the workspaces module's SupplierOrganizations question from this module's own table. */
@Injectable()
export class OrganizationKinds implements SupplierOrganizations {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async isSupplier(orgId: string, manager?: EntityManager): Promise<boolean> {
    const rows: { kind: string }[] = await (manager ?? this.dataSource).query(
      `SELECT kind FROM organization WHERE id = $1`,
      [orgId],
    );
    return rows[0]?.kind === 'supplier';
  }
}

/** Global, so the workspaces module gets it without importing this module, which depends on it. */
@Global()
@Module({
  providers: [OrganizationKinds, { provide: SUPPLIER_ORGANIZATIONS, useExisting: OrganizationKinds }],
  exports: [SUPPLIER_ORGANIZATIONS],
})
export class OrganizationKindsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users';
import { WorkspacesModule } from '../workspaces';
import { OrganizationSso, OrganizationSsoDomain } from './entities/organization-sso.entity';
import { Invitation } from './entities/invitation.entity';
import { Organization } from './entities/organization.entity';
import { InvitationsService } from './invitations.service';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { SsoSettingsService } from './sso-settings.service';
import { OrganizationKindsModule } from './supplier-organizations.provider';

@Module({
  imports: [
    TypeOrmModule.forFeature([Organization, Invitation, OrganizationSso, OrganizationSsoDomain]),
    UsersModule,
    WorkspacesModule,
    OrganizationKindsModule,
  ],
  controllers: [OrganizationsController],
  providers: [OrganizationsService, InvitationsService, SsoSettingsService],
  exports: [OrganizationsService, InvitationsService, SsoSettingsService],
})
export class OrganizationsModule {}

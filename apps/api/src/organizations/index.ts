export { Organization } from './entities/organization.entity';
export { InvitationsService } from './invitations.service';
export { OrganizationsModule } from './organizations.module';
export { OrganizationsService } from './organizations.service';

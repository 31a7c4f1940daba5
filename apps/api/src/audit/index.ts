export { AuditModule } from './audit.module';
export { AuditService, type RequestMeta } from './audit.service';
export { ClientMeta } from './request-meta.decorator';

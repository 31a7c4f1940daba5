export { SharedItem } from './entities/shared-item.entity';
export { ItemListService, OVERDUE } from './item-list.service';
export { sanitizeSharedHtml } from './projection/html-text';
export { SharingModule } from './sharing.module';
export { SharingService } from './sharing.service';
export { sourceClientProviders } from './source-clients';
export { SourceRefreshService } from './source-refresh.service';
export { VersionRefs } from './version-refs';
export { toSupplierItemDto } from './dto/item-response.dto';

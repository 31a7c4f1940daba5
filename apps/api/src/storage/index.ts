export { contentDisposition } from './content-disposition';
export { MAX_PARTS, MultipartPlan } from './multipart-plan';
export { StorageModule } from './storage.module';
export { PART_URL_TTL_SECONDS, StorageOperationUnsupported, StorageService } from './storage.service';

export { contentDisposition } from './content-disposition';
export { MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE, MultipartPlan } from './multipart-plan';
export { compositeSha256, SHA256_BASE64 } from './part-checksums';
export { StorageModule } from './storage.module';
export {
  PART_URL_TTL_SECONDS,
  StorageOperationUnsupported,
  StorageService,
  type CompletedUpload,
  type PartUrl,
} from './storage.service';

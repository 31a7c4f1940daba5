export { startEmbeddedS3, type EmbeddedS3 } from './embedded-s3';
export { startEmbeddedServices } from './embedded-services';

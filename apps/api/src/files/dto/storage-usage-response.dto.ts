import { ApiProperty } from '@nestjs/swagger';

/** The read model of `UploadQuota.usage()` as it is. */
export class StorageUsageDto {
  @ApiProperty({ description: 'Bytes of uploading and stored revisions uploaded by the organisation' })
  usedBytes: number;
  @ApiProperty({ description: 'FILES_ORG_QUOTA_BYTES; 0 = no quota' })
  quotaBytes: number;
  @ApiProperty({ description: 'Uploads its members started and have not completed or cancelled' })
  openUploads: number;
  @ApiProperty({ description: 'FILES_MAX_OPEN_UPLOADS_PER_USER' })
  maxOpenUploadsPerUser: number;
}

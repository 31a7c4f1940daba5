import { ApiProperty } from '@nestjs/swagger';
import { DOWNLOAD_MODES, DownloadMode } from '../download-policy.entity';

const MODE_DESCRIPTION =
  'For supplier users: `original` downloads the stored file; `watermarked` delivers a copy stamped with ' +
  'their organisation, email, UTC time and revision (PDF, PNG and JPEG, each in its own format; other ' +
  'formats are not offered); `view_only` refuses downloads (403) and previews the stamped copy. Internal users always get originals.';

export class DownloadPolicyDto {
  @ApiProperty({
    enum: DOWNLOAD_MODES,
    description: `Drawings (every file not uploaded for a defect). ${MODE_DESCRIPTION}`,
  })
  drawings: DownloadMode;

  @ApiProperty({
    enum: DOWNLOAD_MODES,
    description: `Attachments: defect report attachments and Jira attachments of shared items. ${MODE_DESCRIPTION}`,
  })
  attachments: DownloadMode;
}

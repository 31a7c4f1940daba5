import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DOWNLOAD_MODES, DownloadMode } from '../download-policy.entity';

export class UpdateDownloadPolicyDto {
  @ApiPropertyOptional({ enum: DOWNLOAD_MODES })
  @IsOptional()
  @IsIn(DOWNLOAD_MODES)
  drawings?: DownloadMode;

  @ApiPropertyOptional({ enum: DOWNLOAD_MODES })
  @IsOptional()
  @IsIn(DOWNLOAD_MODES)
  attachments?: DownloadMode;
}

import { ApiProperty } from '@nestjs/swagger';
import type { ConsoleSummary } from '../console-summary.service';

/** The service's read model as it is: no mapping needed. */
export class ConsoleSummaryDto implements ConsoleSummary {
  @ApiProperty({ description: 'Workspaces counted: owned or co-owned (admins: all live ones)' })
  workspaces: number;
  @ApiProperty({ description: 'Published items with a source change waiting to be published' })
  draftsToPublish: number;
  @ApiProperty({ description: 'Uploaded file revisions waiting for review' }) uploadsToReview: number;
  @ApiProperty({ description: 'Defects still at the initial status "Reported"' }) newDefects: number;
  @ApiProperty({ description: 'Sync jobs that failed for good (dead-lettered)' }) failedSyncJobs: number;
  @ApiProperty({
    description: 'Items whose latest version nobody acknowledged within unacknowledgedAfterDays',
  })
  unacknowledgedVersions: number;
  @ApiProperty({ description: 'Workspaces whose supplier access ends within accessEndingWithinDays' })
  accessEndingSoon: number;
  @ApiProperty() accessEndingWithinDays: number;
}

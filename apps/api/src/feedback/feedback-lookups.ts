import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@portico/auth';
import { Comment } from './entities/comment.entity';
import { Defect } from './entities/defect.entity';
import { LinkedRecords, Person, ReadableAttachment } from './linked-records';

/**
 * What the response mappers of dto/feedback-response.dto.ts need besides the entities: the people
 * named (in one query), the attachments the reader may open, and whether the reader is internal.
 */
export interface FeedbackLookups {
  people: Map<string, Person>;
  attachments: ReadableAttachment[];
  internal: boolean;
}

@Injectable()
export class FeedbackLookupService {
  constructor(private readonly linked: LinkedRecords) {}

  async forComments(user: AuthUser, comments: Comment[]): Promise<FeedbackLookups> {
    const people = await this.linked.people(comments.map((c) => c.authorId));
    return { people, attachments: [], internal: user.orgKind === 'internal' };
  }

  async forDefects(user: AuthUser, defects: Defect[]): Promise<FeedbackLookups> {
    const people = await this.linked.people(defects.map((d) => d.reportedBy));
    return { people, attachments: [], internal: user.orgKind === 'internal' };
  }

  /** One defect: its reporter and the attachments the reader may open. */
  async forDefect(user: AuthUser, defect: Defect): Promise<FeedbackLookups> {
    const [people, attachments] = await Promise.all([
      this.linked.people([defect.reportedBy]),
      this.linked.readableAttachments(user, defect.attachmentRevisionIds),
    ]);
    return { people, attachments, internal: user.orgKind === 'internal' };
  }
}

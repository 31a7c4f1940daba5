import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@portico/auth';
import type { Page } from '../common';
import {
  CommentDto,
  CommentPageDto,
  DefectDto,
  DefectSummaryDto,
  PersonDto,
} from './dto/feedback-response.dto';
import { Comment } from './entities/comment.entity';
import { Defect } from './entities/defect.entity';
import { DefectStatusEvent } from './entities/defect-status-event.entity';
import { LinkedRecords, Person } from './linked-records';

/** Turns comments and defects into response DTOs: names resolved in one query, internal details for internal users only. */
@Injectable()
export class FeedbackPresenter {
  constructor(private readonly linked: LinkedRecords) {}

  async comments(user: AuthUser, comments: Comment[]): Promise<CommentDto[]> {
    const people = await this.linked.people(comments.map((c) => c.authorId));
    const internal = user.orgKind === 'internal';
    return comments.map((c) => ({
      id: c.id,
      itemId: c.itemId,
      defectId: c.defectId,
      author:
        c.source === 'jira'
          ? { ...person(people, c.authorId), displayName: c.jiraAuthorName ?? 'Jira user' }
          : person(people, c.authorId),
      body: c.body,
      bodyHtml: c.bodyHtml,
      source: c.source,
      jira:
        c.source === 'jira'
          ? {
              author: c.jiraAuthorName ?? 'Jira user',
              updatedAt: c.jiraUpdatedAt?.toISOString() ?? null,
              ...(internal ? { state: c.jiraState ?? 'live' } : {}),
            }
          : null,
      visibility: c.visibility,
      // Suppliers never get Jira identifiers (the portal promises none are shown).
      sync: internal
        ? { state: c.syncState, jiraCommentId: c.externalId, error: c.syncError }
        : { state: c.syncState },
      createdAt: c.createdAt.toISOString(),
    }));
  }

  async comment(user: AuthUser, comment: Comment): Promise<CommentDto> {
    const [dto] = await this.comments(user, [comment]);
    return dto;
  }

  async commentPage(user: AuthUser, page: Page<Comment>): Promise<CommentPageDto> {
    return { items: await this.comments(user, page.items), nextCursor: page.nextCursor };
  }

  async defects(user: AuthUser, defects: Defect[]): Promise<DefectSummaryDto[]> {
    const people = await this.linked.people(defects.map((d) => d.reportedBy));
    return defects.map((d) => summary(user, d, people));
  }

  async defect(user: AuthUser, defect: Defect, timeline: DefectStatusEvent[]): Promise<DefectDto> {
    const [people, attachments] = await Promise.all([
      this.linked.people([defect.reportedBy]),
      this.linked.readableAttachments(user, defect.attachmentRevisionIds),
    ]);
    const internal = user.orgKind === 'internal';
    return {
      ...summary(user, defect, people),
      description: defect.description,
      stepsToReproduce: defect.stepsToReproduce,
      itemId: defect.itemId,
      fileRevisionId: defect.fileRevisionId,
      attachmentRevisionIds: defect.attachmentRevisionIds,
      attachments,
      timeline: timeline.map((e) => ({
        status: e.supplierStatus,
        at: e.at.toISOString(),
        ...(internal ? { externalStatus: e.externalStatus } : {}),
      })),
    };
  }
}

function person(people: Map<string, Person>, id: string): PersonDto {
  const p = people.get(id);
  return { id, displayName: p?.displayName ?? 'Unknown user', orgName: p?.orgName ?? '' };
}

function summary(user: AuthUser, d: Defect, people: Map<string, Person>): DefectSummaryDto {
  const internal = user.orgKind === 'internal';
  return {
    id: d.id,
    workspaceId: d.workspaceId,
    title: d.title,
    severity: d.severity,
    status: d.supplierStatus,
    reportedBy: person(people, d.reportedBy),
    sync: internal ? { state: d.syncState, jiraKey: d.jiraKey, error: d.syncError } : { state: d.syncState },
    createdAt: d.createdAt.toISOString(),
    ...(internal ? { externalStatus: d.externalStatus } : {}),
  };
}

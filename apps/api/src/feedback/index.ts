export { DefectStatusEvent } from './entities/defect-status-event.entity';
export { Defect } from './entities/defect.entity';
export { FeedbackModule } from './feedback.module';
export { FeedbackService } from './feedback.service';
export { JiraCommentCopies } from './jira-comment-copies';
export { FeedbackLookupService } from './feedback-lookups';
export { toCommentDto, toDefectDto } from './dto/feedback-response.dto';

export { isDependencyOutage } from './dependency-outage';
export {
  AccountLockedError,
  BadInputError,
  ConflictError,
  DomainError,
  ForbiddenError,
  LimitExceededError,
  NotFoundError,
  PolicyViolationError,
  ServiceUnavailableError,
  UnauthorizedError,
  type FieldError,
} from './domain-errors';
export { refuseHead } from './download-head';
export {
  DINGTALK_ROBOT_HOSTS,
  EgressRefusedError,
  assertEgressAllowed,
  egressFetch,
  egressPolicy,
} from './egress';
export { isUuid } from './ids';
export {
  LargePageQueryDto,
  PageQueryDto,
  decodeCursor,
  decodeKeyset,
  encodeCursor,
  toPage,
  type Page,
} from './pagination';
export { IntParamPipe, UuidParamPipe } from './param-pipes';
export { SecretBox } from './secret-box';
export { ProblemDetailsFilter } from './problem-details.filter';
export { createValidationPipe } from './validation';
export { SsoRequiredError } from './domain-errors';
export { checkEgressUrl, type EgressPolicy } from './egress';

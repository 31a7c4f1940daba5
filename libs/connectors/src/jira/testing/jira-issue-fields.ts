import { adfToText } from '../../adf/adf-to-html';
import { isAdfDocument } from '../../adf/text-to-adf';
import { CUSTOM_FIELDS, PEOPLE, PRIORITIES, type SimIssue, type SimUser } from './jira-simulator-state';
import { HttpError } from './jira-simulator-http';

/**
 * Validates and applies settable fields (summary, description, labels, priority, assignee, due dates, custom
 * fields) the way Jira's edit screen does; returns the changelog items. `apiUser` can be assigned like PEOPLE.
 */
export function applyIssueFields(
  issue: SimIssue,
  fields: Record<string, unknown>,
  creating: boolean,
  apiUser: SimUser,
) {
  const errors: Record<string, string> = {};
  const items: {
    field: string;
    fieldId: string;
    from: string | null;
    fromString: string | null;
    to: string | null;
    toString: string | null;
  }[] = [];
  const change = (
    fieldId: string,
    from: string | null,
    to: string | null,
    fromString = from,
    toString = to,
  ) => items.push({ field: fieldId, fieldId, from, fromString, to, toString });
  for (const [id, value] of Object.entries(fields)) {
    switch (id) {
      case 'summary':
        if (typeof value !== 'string' || value.trim() === '')
          errors.summary = 'You must specify a summary of the issue.';
        else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else {
          change('summary', null, null, issue.summary, value);
          issue.summary = value;
        }
        break;
      case 'description':
        if (value !== null && !isAdfDocument(value))
          errors.description =
            'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
        else {
          change('description', null, null, adfToText(issue.description), adfToText(value));
          issue.description = value;
        }
        break;
      case 'labels':
        if (
          !Array.isArray(value) ||
          value.some((label) => typeof label !== 'string' || /\s/.test(label) || label === '')
        )
          errors.labels = 'The label must not contain spaces.';
        else {
          change('labels', null, null, issue.labels.join(' '), value.join(' '));
          issue.labels = [...value] as string[];
        }
        break;
      case 'priority': {
        const ref = value as { id?: string; name?: string } | null;
        const priority = PRIORITIES.find((p) => p.id === ref?.id || p.name === ref?.name);
        if (!priority) errors.priority = `Priority name '${ref?.name ?? ref?.id}' is not valid`;
        else {
          change(
            'priority',
            issue.priorityId,
            priority.id,
            PRIORITIES.find((p) => p.id === issue.priorityId)?.name ?? null,
            priority.name,
          );
          issue.priorityId = priority.id;
        }
        break;
      }
      case 'assignee': {
        const ref = value as { accountId?: string } | null;
        const user = ref === null ? null : [apiUser, ...PEOPLE].find((p) => p.accountId === ref?.accountId);
        if (user === undefined) errors.assignee = `User '${ref?.accountId}' cannot be assigned issues.`;
        else {
          change(
            'assignee',
            issue.assignee?.accountId ?? null,
            user?.accountId ?? null,
            issue.assignee?.displayName ?? null,
            user?.displayName ?? null,
          );
          issue.assignee = user;
        }
        break;
      }
      case 'duedate':
      case CUSTOM_FIELDS.supplierDueDate.id:
        if (value !== null && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)))
          errors[id] = "Error parsing date string: the date must be in the format 'yyyy-MM-dd'.";
        else if (id === 'duedate') {
          change(id, issue.duedate ?? null, value as string | null);
          issue.duedate = value as string | null;
        } else {
          change(id, null, null, (issue.custom[id] as string) ?? null, value as string | null);
          issue.custom[id] = value;
        }
        break;
      case CUSTOM_FIELDS.partNumber.id:
        if (value !== null && typeof value !== 'string') errors[id] = 'Operation value must be a string';
        else if (typeof value === 'string' && value.length > 255)
          errors[id] = 'Text must be less than 255 characters.';
        else {
          change(id, null, null, (issue.custom[id] as string) ?? null, value as string | null);
          issue.custom[id] = value;
        }
        break;
      default:
        errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
  }
  if (Object.keys(errors).length > 0) throw new HttpError(400, [], errors);
  if (creating && !issue.summary)
    throw new HttpError(400, [], { summary: 'You must specify a summary of the issue.' });
  return items;
}

import { isResetError } from '../../../domain/errors.js';
import type { ListenerContext } from '../../context.js';
import { auditFilterBlockOf, readAuditFilterSubmission } from '../../parse/audit-inputs.js';
import { auditResultsModal, describeFilterProblem } from '../../views/index.js';
import type { SubmitArgs } from '../args.js';
import { answerSubmission, type SubmissionAnswer } from './submission.js';

/**
 * The audit filter modal: a filter that breaks the rules is answered with one line beside the
 * field at fault (the modal stays open); a good one replaces the modal with the first page.
 */
export async function auditFilterSubmission(ctx: ListenerContext, args: SubmitArgs): Promise<void> {
  await answerSubmission(ctx, args, async (): Promise<SubmissionAnswer> => {
    let filter: ReturnType<typeof readAuditFilterSubmission>;
    try {
      filter = readAuditFilterSubmission(args.view.state.values);
    } catch (error) {
      if (!isResetError(error) || error.code !== 'AUDIT_FILTER_INVALID') throw error;
      return { errors: { [auditFilterBlockOf(error.details.field)]: describeFilterProblem(error) } };
    }
    const page = await ctx.review.review({ auditorSlackId: args.body.user.id, filter });
    return { view: auditResultsModal(page) };
  });
}

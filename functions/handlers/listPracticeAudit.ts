import { practiceAuditTrail } from '../domain/audit-trail.ts';
import { httpRoute } from '../http/route-handler.ts';
import { ok } from '../http/responses.ts';

/** Practice-wide changes (settings, payers, learned aliases), newest first. Not in the contract: an addition. */
export const handler = httpRoute('listPracticeAudit', {}, async () => ok({ items: await practiceAuditTrail() }));

/**
 * Brings a deployed practice's table up to date after an update that added the Review queue and the client list's
 * columns: each client gets its policy summaries and last-activity time, each policy with a review reason its
 * place in the queue index, each claim its place in the claims index (functions/data/review-backfill.ts — Query and conditional Updates only, idempotent;
 * the local runtime runs the same function once per data folder). Run it once after `npm run deploy`, with
 * credentials for the practice's account:
 *
 *   TABLE_NAME=<the stack's TableName output> AWS_REGION=<region> npm run backfill
 *
 * It prints counts only (no names or ids: the table holds PHI).
 */
if (!process.env.TABLE_NAME) {
  console.error('Set TABLE_NAME to the stack output TableName (and AWS_REGION to its region).');
  process.exit(2);
}
const { backfillClaimIndex, backfillReviewState } = await import('../functions/data/review-backfill.ts');
const started = Date.now();
const counts = await backfillReviewState();
const claims = await backfillClaimIndex();
console.log(
  `backfill: ${counts.clients} clients, ${counts.queuedPolicies} queued policies and ${claims.claims} claims updated in ${Date.now() - started} ms`,
);

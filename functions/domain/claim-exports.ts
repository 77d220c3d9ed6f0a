/**
 * Claims leave the building: the export readiness of a claim, the 837P export of one or many
 * claims, the stored export, and the CMS-1500 of a claim. The rules (readiness, the 837P, the form) are pure
 * and live in shared/; this module reads the items they need and turns their answers into one transaction.
 *
 * Decisions where the contract is silent:
 * - An export holds at most 48 claims (one transaction of ≤ 100 items, see MAX_CLAIMS_PER_EXPORT); a claim
 *   id that names no claim is 404; an already exported claim is 409 `conflict`; any claim not ready makes the
 *   whole export 422 `claim_not_ready` with every problem of every claim, each path prefixed
 *   `claims.<claimId>.`. Nothing is written unless every claim is ready.
 * - Interchange control numbers come from one conditional counter: each export takes the next number in the
 *   same transaction that marks its claims, so two exports never share one (a lost race re-reads and retries).
 *   After 999,999,999 the counter wraps to 1, as X12 allows.
 * - The CMS-1500 of an exported claim is printed from the bundle stored with its export (what was sent); of a
 *   draft or submitted claim from the current data, and only when it is ready (422 otherwise).
 */
import {
  claimWarnings,
  exportProblems,
  toClaimBundle,
  type ExportContext,
  type PayerFacts,
  type RenderingPractitionerFacts,
} from '../../shared/claim-readiness.ts';
import type { ClaimBundle } from '../../shared/claim-bundle.ts';
import { coveringPolicies } from '../../shared/coverage.ts';
import { ApiError, notFound, type ErrorDetail } from '../../shared/errors.ts';
import type { Actor, ClaimExport, Policy } from '../../shared/schemas.ts';
import { generate837P } from '../../shared/x12-837p.ts';
import {
  currentInterchangeControlNumber,
  getClaimExportRecord,
  saveExport,
  toClaimExport,
  type ClaimExportRecord,
} from '../data/claim-export-repository.ts';
import { adjudicationOf, clientIdsOfClaims, getClaimRecords, requireClaimRecord, type ClaimRecord } from '../data/claim-repository.ts';
import { getPractitionerRecord } from '../data/practitioner-repository.ts';
import { toClient, type ClientRecord } from '../data/client-repository.ts';
import { newId } from '../data/ids.ts';
import { getPayer } from '../data/payer-repository.ts';
import { loadClientWithPolicies, toPolicies } from '../data/policy-repository.ts';
import { getSettings } from '../data/settings-repository.ts';
import { withOptimisticRetry } from '../data/table-io.ts';

const EXPORT_ATTEMPTS = 3;
const MAX_CONTROL_NUMBER = 999_999_999;

/** Reads shared by the claims of one request: settings once, each client, payer and practitioner once. */
class ExportReader {
  private readonly settings = getSettings();
  private readonly clients = new Map<string, Promise<{ client: ClientRecord; policies: Policy[] }>>();
  private readonly payers = new Map<string, Promise<PayerFacts | undefined>>();
  private readonly practitioners = new Map<string, Promise<RenderingPractitionerFacts | undefined>>();

  constructor(private readonly now: Date) {}

  async context(claim: ClaimRecord): Promise<ExportContext> {
    // A client that is gone answers 404 (loadClientWithPolicies).
    const [settings, { client, policies }] = await Promise.all([this.settings, this.client(claim.clientId)]);
    const policy = policies.find((candidate) => candidate.policyId === claim.policyId);
    // The payer that pays first, for a claim on a Secondary (or other) policy: the Primary covering that date.
    const primary =
      policy && policy.priority !== 'primary'
        ? coveringPolicies(policies, claim.dateOfService).find((candidate) => candidate.priority === 'primary')
        : undefined;
    const [payer, primaryPayer, renderingPractitioner] = await Promise.all([
      this.payer(policy?.payer.payerId),
      this.payer(primary?.payer.payerId),
      this.practitioner(claim.renderingPractitionerId),
    ]);
    const view = toClient(client, settings);
    return {
      claim: {
        dateOfService: claim.dateOfService,
        serviceLines: claim.serviceLines,
        diagnosisCodes: claim.diagnosisCodes,
        placeOfService: claim.placeOfService ?? null,
        renderingPractitionerId: claim.renderingPractitionerId ?? null,
        primaryAdjudication: adjudicationOf(claim.primaryAdjudication),
      },
      billing: settings.billing,
      client: view,
      policy,
      payer,
      otherCoverage: primary ? { policy: primary, payer: primaryPayer } : undefined,
      renderingPractitioner,
      // UTC's date is never behind a US practice's local date, so no claim of the practice's today is refused.
      today: this.now.toISOString().slice(0, 10),
    };
  }

  private client(clientId: string) {
    let read = this.clients.get(clientId);
    if (!read) {
      // The client and its policies in one Query (not a GetItem beside a Query).
      read = loadClientWithPolicies(clientId).then(({ client, policies }) => ({
        client,
        policies: toPolicies(policies, this.now.toISOString().slice(0, 10)),
      }));
      this.clients.set(clientId, read);
    }
    return read;
  }

  private payer(payerId: string | null | undefined): Promise<PayerFacts | undefined> {
    if (!payerId) return Promise.resolve(undefined);
    let read = this.payers.get(payerId);
    if (!read) {
      read = getPayer(payerId).then((payer) => payer && { name: payer.name, ediPayerId: payer.ediPayerId, active: payer.active });
      this.payers.set(payerId, read);
    }
    return read;
  }

  private practitioner(userId: string | null | undefined): Promise<RenderingPractitionerFacts | undefined> {
    if (!userId) return Promise.resolve(undefined);
    let read = this.practitioners.get(userId);
    if (!read) {
      read = getPractitionerRecord(userId);
      this.practitioners.set(userId, read);
    }
    return read;
  }
}

export function notReadyForExport(problems: ErrorDetail[], claimCount: number): ApiError {
  const [first] = problems;
  const subject = claimCount === 1 ? 'This claim cannot be exported yet' : 'These claims cannot be exported yet';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new ApiError('claim_not_ready', `${subject}: ${first?.message ?? 'not ready'}${more}`, problems);
}

/** POST /api/claims/exports: all or nothing. */
export async function exportClaims(claimIds: readonly string[], actor: Actor, now: Date): Promise<ClaimExport & { content: string }> {
  const clientIds = await clientIdsOfClaims(claimIds);
  const unknown = claimIds.filter((claimId) => !clientIds.has(claimId));
  if (unknown.length > 0) {
    throw new ApiError(
      'not_found',
      `Claim not found: ${unknown.join(', ')}`,
      unknown.map((claimId) => ({ path: `claims.${claimId}`, message: 'Claim not found' })),
    );
  }
  const refs = claimIds.map((claimId) => ({ clientId: clientIds.get(claimId)!, claimId }));

  return withOptimisticRetry(
    EXPORT_ATTEMPTS,
    async () => {
      const records = await getClaimRecords(refs);
      const byId = new Map(records.map((record) => [record.claimId, record]));
      const missing = claimIds.filter((claimId) => !byId.has(claimId));
      if (missing.length > 0) throw notFound(`Claim ${missing.join(', ')}`);
      const ordered = claimIds.map((claimId) => byId.get(claimId)!);
      const exported = ordered.filter((record) => record.status === 'exported');
      if (exported.length > 0) {
        throw new ApiError(
          'conflict',
          `Already exported: ${exported.map((record) => record.claimId).join(', ')}`,
          exported.map((record) => ({ path: `claims.${record.claimId}.status`, message: `Already exported (${record.exportId})` })),
        );
      }

      const reader = new ExportReader(now);
      const contexts = await Promise.all(ordered.map((record) => reader.context(record)));
      const problems = contexts.flatMap((context, index) =>
        exportProblems(context).map((problem) => ({ path: `claims.${ordered[index]!.claimId}.${problem.path}`, message: problem.message })),
      );
      if (problems.length > 0) throw notReadyForExport(problems, ordered.length);

      const bundles = contexts.map((context, index) => toClaimBundle(ordered[index]!.claimId, context));
      const previous = await currentInterchangeControlNumber();
      const number = previous >= MAX_CONTROL_NUMBER ? 1 : previous + 1;
      const exportId = newId(now.getTime());
      const at = now.toISOString();
      const content = generate837P(bundles, { interchangeControlNumber: number, batchReference: exportId, createdAt: now });
      const record: ClaimExportRecord = {
        exportId,
        format: 'x12-837p',
        claimIds: [...claimIds],
        interchangeControlNumber: String(number).padStart(9, '0'),
        createdAt: at,
        createdBy: actor,
        content,
        claims: refs,
        bundles,
      };
      const changes = ordered.map((before, index) => ({
        before,
        after: {
          ...before,
          status: 'exported' as const,
          // Exporting is a submission: a draft exported directly is submitted at the same moment.
          submittedAt: before.submittedAt ?? at,
          submittedBy: before.submittedBy ?? actor,
          warnings: claimWarnings(contexts[index]!.claim, contexts[index]!.policy),
          exportId,
          exportedAt: at,
          version: before.version + 1,
          updatedAt: at,
        },
      }));
      await saveExport(record, previous, changes, actor);
      return toClaimExport(record);
    },
    // Every lost race (the counter taken by another export, a claim edited or exported meanwhile) is re-read
    // and re-checked first; a claim exported by the winner then answers 409 from the check above.
    () => new ApiError('conflict', 'These claims changed or were exported while this export was prepared; try again'),
  );
}

export async function getClaimExport(exportId: string): Promise<ClaimExport & { content: string }> {
  const record = await getClaimExportRecord(exportId);
  if (!record) throw notFound('Export');
  return toClaimExport(record);
}

/**
 * Whether a claim could be exported now, with every problem (the same check as an export, without its write). An
 * exported claim has gone out ready: its answer is ready with no problems, whatever changed since.
 */
export async function claimReadiness(clientId: string, claimId: string, now: Date): Promise<{ ready: boolean; problems: ErrorDetail[] }> {
  const claim = await requireClaimRecord(clientId, claimId);
  if (claim.status === 'exported') return { ready: true, problems: [] };
  const problems = exportProblems(await new ExportReader(now).context(claim));
  return { ready: problems.length === 0, problems };
}

/** The bundle a CMS-1500 is printed from: what was exported, or the current data of a ready claim. */
export async function claimBundleForForm(clientId: string, claimId: string, now: Date): Promise<ClaimBundle> {
  const claim = await requireClaimRecord(clientId, claimId);
  if (claim.status === 'exported' && claim.exportId) {
    const exported = (await getClaimExportRecord(claim.exportId))?.bundles.find((bundle) => bundle.claimId === claimId);
    if (exported) return exported;
  }
  const context = await new ExportReader(now).context(claim);
  const problems = exportProblems(context);
  if (problems.length > 0) throw notReadyForExport(problems, 1);
  return toClaimBundle(claimId, context);
}

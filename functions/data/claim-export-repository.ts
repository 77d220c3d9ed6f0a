import type { ClaimBundle } from '../../shared/claim-bundle.ts';
import type { Actor, ClaimExport } from '../../shared/schemas.ts';
import { auditPut } from './audit.ts';
import { claimAudit, claimUpdate, type ClaimRecord } from './claim-repository.ts';
import { ENTITY, fromItem, keys, PRACTICE_PK, toItem, type Stored } from './keys.ts';
import { getItem, transactWrite, type TransactItem } from './table-io.ts';

/**
 * A stored export: the contract's ClaimExport, the 837P text as sent, and the bundles it was made from — so
 * downloading it again, or printing the CMS-1500 of an exported claim, shows what went out even after the
 * client's address or the billing profile changed. 48 claims of a few KB each stay far below DynamoDB's
 * 400 KB item limit.
 */
export interface ClaimExportRecord extends ClaimExport {
  content: string;
  claims: { clientId: string; claimId: string }[];
  bundles: ClaimBundle[];
}

export function toClaimExport(record: ClaimExportRecord): ClaimExport & { content: string } {
  return {
    exportId: record.exportId,
    format: record.format,
    claimIds: record.claimIds,
    interchangeControlNumber: record.interchangeControlNumber,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    content: record.content,
  };
}

export async function getClaimExportRecord(exportId: string): Promise<ClaimExportRecord | undefined> {
  const item = await getItem<Stored<ClaimExportRecord>>(keys.claimExport(exportId));
  return item ? fromItem(item) : undefined;
}

/** The last interchange control number handed out (0 before the first export). */
export async function currentInterchangeControlNumber(): Promise<number> {
  const item = await getItem<{ value: number }>(keys.exportCounter());
  return item?.value ?? 0;
}

/**
 * One transaction, all or nothing: the counter moves from `previousNumber` to the export's number (two
 * exports can never share one), the export is stored, and each claim moves to `exported` under the version it
 * was checked at, with its audit event; one practice-level audit event records the export itself.
 */
export async function saveExport(
  record: ClaimExportRecord,
  previousNumber: number,
  claims: readonly { before: ClaimRecord; after: ClaimRecord }[],
  actor: Actor,
): Promise<void> {
  // Every failed condition (the counter taken, a claim changed) is a lost race: the caller re-reads and retries.
  const counter: TransactItem = {
    Update: {
      Key: keys.exportCounter(),
      UpdateExpression: 'SET #value = :next, #itemType = :itemType',
      ConditionExpression: previousNumber === 0 ? 'attribute_not_exists(pk)' : '#value = :previous',
      ExpressionAttributeNames: { '#value': 'value', '#itemType': 'itemType' },
      ExpressionAttributeValues: {
        ':next': Number(record.interchangeControlNumber),
        ':itemType': ENTITY.exportCounter,
        ...(previousNumber === 0 ? {} : { ':previous': previousNumber }),
      },
    },
  };
  const stored: TransactItem = {
    Put: {
      Item: toItem(ENTITY.claimExport, keys.claimExport(record.exportId), record),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  await transactWrite([
    counter,
    stored,
    ...claims.map(({ before, after }) => claimUpdate(before, after)),
    ...claims.map(({ before, after }) => claimAudit(after, before, 'claim.exported', actor, record.createdAt)),
    auditPut({
      scopePk: PRACTICE_PK,
      actor,
      action: 'claims.exported',
      entity: { type: 'claim_export', id: record.exportId },
      before: null,
      after: { format: record.format, claimIds: record.claimIds, interchangeControlNumber: record.interchangeControlNumber },
      at: record.createdAt,
    }),
  ]);
}

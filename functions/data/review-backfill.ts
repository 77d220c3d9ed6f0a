/**
 * Brings items written before the Review queue and the client list's columns existed up to date: each client
 * gets its policy summaries and a last-activity time (and so its place in the by-activity index), and each
 * policy with a review reason its place in the queue index. Query and conditional Updates only; idempotent,
 * and a client already up to date is left alone. The local runtime runs it once per data folder.
 *
 * `backfillClaimIndex` does the same for claims written before claims were listed across clients: each gets its
 * place in the per-status claims index and its `claim_ref` pointer (which client a claim id belongs to).
 */
import { claimRefPut } from './claim-repository.ts';
import type { ClientRecord } from './client-repository.ts';
import { claimIndexKeys, clientActivityIndexKeys, clientPk, CLIENTS_INDEX_PK, keys, reviewQueueIndexKeys, SK_PREFIX } from './keys.ts';
import { loadClientWithPolicies, policyReviewReasons, policySummaries } from './policy-repository.ts';
import { queryPage, queryPrefix, setAttributes, transactWriteIfUnchanged, type TransactItem } from './table-io.ts';

export async function backfillReviewState(): Promise<{ clients: number; queuedPolicies: number }> {
  const counts = { clients: 0, queuedPolicies: 0 };
  for await (const page of clientPages()) {
    for (const item of page) {
      if (item.policySummaries && item.lastActivityAt) continue;
      const { client, policies } = await loadClientWithPolicies(item.clientId);
      for (const policy of policies.filter((policy) => policyReviewReasons(policy).length > 0)) {
        counts.queuedPolicies += await writtenCount(
          updateUnlessChanged(keys.policy(policy.clientId, policy.policyId), reviewQueueIndexKeys(policy), policy.version),
        );
      }
      const lastActivityAt = [client.updatedAt, ...policies.map((policy) => policy.updatedAt)].sort().at(-1) ?? client.createdAt;
      const values = {
        ...(client.policySummaries ? {} : { policySummaries: policySummaries(policies) }),
        ...(client.lastActivityAt ? {} : { lastActivityAt, ...clientActivityIndexKeys({ clientId: client.clientId, lastActivityAt }) }),
      };
      counts.clients += await writtenCount(
        updateIf(
          keys.client(client.clientId),
          values,
          // A policy written meanwhile (which creates the summaries itself) wins.
          '#revision = :revision OR attribute_not_exists(#revision)',
          { '#revision': 'policyRevision' },
          { ':revision': client.policyRevision ?? 0 },
        ),
      );
    }
  }
  return counts;
}

/** Claims without their index keys get them (under their version) and their `claim_ref`; idempotent. */
export async function backfillClaimIndex(): Promise<{ claims: number }> {
  const counts = { claims: 0 };
  for await (const page of clientPages()) {
    for (const client of page) {
      const claims = await queryPrefix<LegacyClaim>(clientPk(client.clientId), SK_PREFIX.claim);
      for (const claim of claims.filter((item) => item.gsi1pk === undefined)) {
        const indexed = await writtenCount(
          updateUnlessChanged(keys.claim(claim.clientId, claim.claimId), claimIndexKeys(claim), claim.version),
        );
        // The pointer may already exist (a half-finished earlier run): only a missing one is written.
        await writtenCount(claimRefPut(claim));
        counts.claims += indexed;
      }
    }
  }
  return counts;
}

interface LegacyClaim {
  clientId: string;
  claimId: string;
  status: string;
  dateOfService: string;
  version: number;
  gsi1pk?: string;
}

/** Every client, a page of 100 at a time, by name (gsi1). */
async function* clientPages(): AsyncGenerator<ClientRecord[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await queryPage<ClientRecord>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': CLIENTS_INDEX_PK },
      Limit: 100,
      ExclusiveStartKey: startKey,
    });
    yield page.items;
    startKey = page.lastKey;
  } while (startKey);
}

/** An Update setting `values` on `key`, written only while `condition` still holds. */
function updateIf(
  key: { pk: string; sk: string },
  values: Record<string, unknown>,
  condition: string,
  names: Record<string, string>,
  conditionValues: Record<string, unknown>,
): TransactItem {
  const update = setAttributes(values);
  return {
    Update: {
      Key: key,
      ...update,
      ConditionExpression: condition,
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...names },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...conditionValues },
    },
  };
}

/**
 * Index keys added under the version they were computed from. The version is not bumped: they describe the item
 * as it is, and an edit open in a practitioner's browser must still save.
 */
const updateUnlessChanged = (key: { pk: string; sk: string }, values: Record<string, unknown>, version: number) =>
  updateIf(key, values, '#expected = :expected', { '#expected': 'version' }, { ':expected': version });

/** 1 when written, 0 when its condition found the item already changed (by a write since, or an earlier run). */
const writtenCount = async (item: TransactItem): Promise<number> => ((await transactWriteIfUnchanged([item])) ? 1 : 0);

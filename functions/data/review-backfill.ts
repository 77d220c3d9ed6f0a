/**
 * Brings items written before the Review queue and the client list's columns existed up to date: each client
 * gets its policy summaries and a last-activity time (and so its place in the by-activity index), and each
 * policy with a review reason its place in the queue index. Query and conditional Updates only; idempotent,
 * and a client already up to date is left alone. The local runtime runs it once per data folder.
 */
import type { ClientRecord } from './client-repository.ts';
import { clientActivityIndexKeys, CLIENTS_INDEX_PK, keys, reviewQueueIndexKeys } from './keys.ts';
import { loadClientWithPolicies, policyReviewReasons, policySummaries } from './policy-repository.ts';
import { queryPage, setAttributes, TransactionConflict, transactWrite } from './table-io.ts';

export async function backfillReviewState(): Promise<{ clients: number; queuedPolicies: number }> {
  const counts = { clients: 0, queuedPolicies: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await queryPage<ClientRecord>({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': CLIENTS_INDEX_PK },
      Limit: 100,
      ExclusiveStartKey: startKey,
    });
    for (const item of page.items) {
      if (item.policySummaries && item.lastActivityAt) continue;
      const { client, policies } = await loadClientWithPolicies(item.clientId);
      for (const policy of policies.filter((policy) => policyReviewReasons(policy).length > 0)) {
        const update = setAttributes(reviewQueueIndexKeys(policy));
        counts.queuedPolicies += await conditionally(
          keys.policy(policy.clientId, policy.policyId),
          update,
          '#expected = :expected',
          { '#expected': 'version' },
          { ':expected': policy.version },
        );
      }
      const lastActivityAt = [client.updatedAt, ...policies.map((policy) => policy.updatedAt)].sort().at(-1) ?? client.createdAt;
      const values = {
        ...(client.policySummaries ? {} : { policySummaries: policySummaries(policies) }),
        ...(client.lastActivityAt ? {} : { lastActivityAt, ...clientActivityIndexKeys({ clientId: client.clientId, lastActivityAt }) }),
      };
      counts.clients += await conditionally(
        keys.client(client.clientId),
        setAttributes(values),
        // A policy written meanwhile (which creates the summaries itself) wins.
        '#revision = :revision OR attribute_not_exists(#revision)',
        { '#revision': 'policyRevision' },
        { ':revision': client.policyRevision ?? 0 },
      );
    }
    startKey = page.lastKey;
  } while (startKey);
  return counts;
}

async function conditionally(
  key: { pk: string; sk: string },
  update: ReturnType<typeof setAttributes>,
  condition: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
): Promise<number> {
  try {
    await transactWrite([
      {
        Update: {
          Key: key,
          ...update,
          ConditionExpression: condition,
          ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...names },
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...values },
        },
      },
    ]);
    return 1;
  } catch (error) {
    if (error instanceof TransactionConflict) return 0;
    throw error;
  }
}

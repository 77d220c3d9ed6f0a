/**
 * Direct access to the local stack's table for the floors: the same DynamoDB document client the functions use
 * (functions/platform/dynamodb.ts, same retry and timeout settings), so that a floor differs from the API call
 * only by what the API adds. The handlers' configuration is read from the environment at import, so the stack's
 * handler environment is applied to this process first.
 */
import type { RunningStack } from '../../test/support/local-stack.ts';

export async function directTable(stack: RunningStack) {
  Object.assign(process.env, stack.handlerEnvironment);
  const [{ dynamo, TABLE_NAME }, keys, policies, payers, settings, audit, tableIo, ids] = await Promise.all([
    import('../../functions/platform/dynamodb.ts'),
    import('../../functions/data/keys.ts'),
    import('../../functions/data/policy-repository.ts'),
    import('../../functions/data/payer-repository.ts'),
    import('../../functions/data/settings-repository.ts'),
    import('../../functions/data/audit.ts'),
    import('../../functions/data/table-io.ts'),
    import('../../functions/data/ids.ts'),
  ]);
  return { dynamo, tableName: TABLE_NAME, keys, policies, payers, settings, audit, tableIo, ids };
}

export type DirectTable = Awaited<ReturnType<typeof directTable>>;

/**
 * The single DynamoDB table, defined once. The CDK data construct (infra/) and the local bootstrap
 * (infra/local/) both build the table from this object, so the key schema, indexes, stream and TTL cannot
 * drift between a laptop and a deployed practice.
 *
 * Plain data only: no CDK or SDK imports, so both sides can read it.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * gsi1 is generic (ElectroDB-style): each entity that needs a second access path projects its own
   * values onto gsi1pk/gsi1sk. It is sparse: items without gsi1pk are not in it.
   * - clients by name:            gsi1pk = CLIENTS,       gsi1sk = <lastName>#<firstName>#<clientId> (lower case)
   * - policies waiting for payer: gsi1pk = PAYER_WAITING, gsi1sk = <createdAt>#<policyId>
   * - claims across clients:      gsi1pk = CLAIMS#<status>, gsi1sk = <dateOfService>#<claimId>
   */
  globalSecondaryIndexes: [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  /** Epoch seconds; abandoned uploads and spent invitation tokens expire through it. */
  timeToLiveAttribute: 'expiresAtEpoch',
  /** The stream processor needs both images to tell what changed. */
  streamViewType: 'NEW_AND_OLD_IMAGES',
} as const;

export type TableDefinition = typeof tableDefinition;

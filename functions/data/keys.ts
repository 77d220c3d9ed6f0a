/**
 * Key layout of the single table: each entity's key builders in one place, onto the generic pk/sk/gsi1pk/gsi1sk
 * attributes declared in table-definition.ts. Every item also carries `itemType` (what it is — the stream filter
 * and the stream processor switch on it) and, where it can change, `version`.
 *
 * | entity        | pk                      | sk                      | gsi1                                   |
 * |---------------|-------------------------|-------------------------|----------------------------------------|
 * | settings      | PRACTICE                | SETTINGS                |                                        |
 * | payer         | PRACTICE                | PAYER#<payerId>         |                                        |
 * | payer_key     | PAYERKEY#<normalised>   | PAYERKEY                | (uniqueness of payer names and aliases)|
 * | client        | CLIENT#<clientId>       | CLIENT                  | CLIENTS / <last>#<first>#<clientId>    |
 * | client_email  | CLIENTEMAIL#<email>     | CLIENTEMAIL             | (uniqueness of client emails)          |
 * | policy        | CLIENT#<clientId>       | POLICY#<policyId>       | PAYER_WAITING / <createdAt>#<policyId> while the payer is unresolved |
 * | upload        | CLIENT#<clientId>       | UPLOAD#<attachmentId>   | (TTL: abandoned after a day)           |
 * | claim         | CLIENT#<clientId>       | CLAIM#<claimId>         | CLAIMS#<status> / <dateOfService>#<claimId> |
 * | claim_ref     | CLAIMREF#<claimId>      | CLAIMREF                | (which client a claim id belongs to)   |
 * | claim_export  | CLAIMEXPORT#<exportId>  | CLAIMEXPORT             |                                        |
 * | export_counter| PRACTICE                | EXPORTCOUNTER           | (the last interchange control number)  |
 * | audit         | CLIENT#<clientId> or PRACTICE | AUDIT#<at>#<eventId> |                                      |
 * | invitation    | INVITATION#<sha256>     | INVITATION              | (TTL)                                  |
 * | practitioner  | PRACTITIONER#<userId>   | PRACTITIONER            | PRACTITIONERS / <family>#<given>#<userId> (lower case) |
 */

/** The attribute naming what an item is. (Not `entity`: audit events have a contract field of that name.) */
export const ITEM_TYPE_ATTRIBUTE = 'itemType';

/** Values of the `itemType` attribute. */
export const ENTITY = {
  settings: 'settings',
  payer: 'payer',
  payerKey: 'payer_key',
  client: 'client',
  clientEmail: 'client_email',
  policy: 'policy',
  upload: 'upload',
  claim: 'claim',
  audit: 'audit',
  invitation: 'invitation',
  practitioner: 'practitioner',
  claimRef: 'claim_ref',
  claimExport: 'claim_export',
  exportCounter: 'export_counter',
} as const;

export type Entity = (typeof ENTITY)[keyof typeof ENTITY];

/** The item types the Needs Payer stream processor acts on; the deployed event source filters on them. */
export const PAYER_MATCH_ITEM_TYPES: readonly Entity[] = [ENTITY.policy, ENTITY.payer];

export interface ItemKey {
  pk: string;
  sk: string;
}

export const PRACTICE_PK = 'PRACTICE';
export const CLIENTS_INDEX_PK = 'CLIENTS';
export const PAYER_WAITING_INDEX_PK = 'PAYER_WAITING';
export const PRACTITIONERS_INDEX_PK = 'PRACTITIONERS';
/** Claims across clients, one index partition per status (see claimIndexKeys). */
export const CLAIMS_INDEX_PK_PREFIX = 'CLAIMS#';

export const SK_PREFIX = {
  payer: 'PAYER#',
  policy: 'POLICY#',
  upload: 'UPLOAD#',
  claim: 'CLAIM#',
  audit: 'AUDIT#',
} as const;

export const clientPk = (clientId: string) => `CLIENT#${clientId}`;

export const keys = {
  settings: (): ItemKey => ({ pk: PRACTICE_PK, sk: 'SETTINGS' }),
  payer: (payerId: string): ItemKey => ({ pk: PRACTICE_PK, sk: `${SK_PREFIX.payer}${payerId}` }),
  payerKey: (normalisedName: string): ItemKey => ({ pk: `PAYERKEY#${normalisedName}`, sk: 'PAYERKEY' }),
  client: (clientId: string): ItemKey => ({ pk: clientPk(clientId), sk: 'CLIENT' }),
  clientEmail: (email: string): ItemKey => ({ pk: `CLIENTEMAIL#${email.toLowerCase()}`, sk: 'CLIENTEMAIL' }),
  policy: (clientId: string, policyId: string): ItemKey => ({ pk: clientPk(clientId), sk: `${SK_PREFIX.policy}${policyId}` }),
  upload: (clientId: string, attachmentId: string): ItemKey => ({ pk: clientPk(clientId), sk: `${SK_PREFIX.upload}${attachmentId}` }),
  claim: (clientId: string, claimId: string): ItemKey => ({ pk: clientPk(clientId), sk: `${SK_PREFIX.claim}${claimId}` }),
  audit: (scopePk: string, at: string, eventId: string): ItemKey => ({ pk: scopePk, sk: `${SK_PREFIX.audit}${at}#${eventId}` }),
  invitation: (tokenHash: string): ItemKey => ({ pk: `INVITATION#${tokenHash}`, sk: 'INVITATION' }),
  /** A member of the practice's team (the Cognito user's `sub`): role, enabled, rendering NPI and taxonomy. */
  practitioner: (userId: string): ItemKey => ({ pk: `PRACTITIONER#${userId}`, sk: 'PRACTITIONER' }),
  /** Exports name claims by id alone (`{ claimIds }`); this pointer finds the client partition a claim lives in. */
  claimRef: (claimId: string): ItemKey => ({ pk: `CLAIMREF#${claimId}`, sk: 'CLAIMREF' }),
  claimExport: (exportId: string): ItemKey => ({ pk: `CLAIMEXPORT#${exportId}`, sk: 'CLAIMEXPORT' }),
  /** The last interchange control number handed out; every export takes the next under a condition. */
  exportCounter: (): ItemKey => ({ pk: PRACTICE_PK, sk: 'EXPORTCOUNTER' }),
};

/**
 * Claims across clients, newest date of service first: gsi1pk = CLAIMS#<status>, gsi1sk = <dateOfService>#<claimId>.
 * One partition per status, so a status filter is one Query and a date range is a key condition; the list of
 * every status merges the three partitions (claims-list.ts). A status change moves the item between partitions.
 */
export const claimIndexKeys = (claim: { status: string; dateOfService: string; claimId: string }) => ({
  gsi1pk: `${CLAIMS_INDEX_PK_PREFIX}${claim.status}`,
  gsi1sk: `${claim.dateOfService}#${claim.claimId}`,
});

export const practitionerIndexKeys = (practitioner: { userId: string; givenName: string; familyName: string }) => ({
  gsi1pk: PRACTITIONERS_INDEX_PK,
  gsi1sk: `${practitioner.familyName.toLowerCase()}#${practitioner.givenName.toLowerCase()}#${practitioner.userId}`,
});

export const clientIndexKeys = (client: { clientId: string; firstName: string; lastName: string }) => ({
  gsi1pk: CLIENTS_INDEX_PK,
  gsi1sk: `${client.lastName.toLowerCase()}#${client.firstName.toLowerCase()}#${client.clientId}`,
});

export const payerWaitingIndexKeys = (policy: { createdAt: string; policyId: string }) => ({
  gsi1pk: PAYER_WAITING_INDEX_PK,
  gsi1sk: `${policy.createdAt}#${policy.policyId}`,
});

/** The attributes that exist only for storage: an entity's key, its type, its index keys, its expiry. */
export interface StorageAttributes<E extends Entity = Entity> {
  pk: string;
  sk: string;
  itemType: E;
  gsi1pk?: string;
  gsi1sk?: string;
  expiresAtEpoch?: number;
}

/** An entity's record as the table holds it: the record plus its storage attributes. */
export type Stored<T extends object, E extends Entity = Entity> = T & StorageAttributes<E>;

/** The item to store for a record: its key, its type and (where it has them) its index keys or expiry. */
export function toItem<T extends object, E extends Entity>(
  itemType: E,
  key: ItemKey,
  record: T,
  extra: Omit<Partial<StorageAttributes>, 'pk' | 'sk' | 'itemType'> = {},
): Stored<T, E> {
  return { ...record, ...key, itemType, ...extra };
}

/**
 * The record inside a stored item: the one way back from the table to the domain, so that a record spread
 * into an update never tries to SET a key attribute, and an API resource never shows one.
 */
export function fromItem<T extends object>(item: Stored<T>): T {
  const { pk: _pk, sk: _sk, itemType: _itemType, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, expiresAtEpoch: _expires, ...record } = item;
  // What is left of T & StorageAttributes once the storage attributes are taken out is T.
  return record as unknown as T;
}

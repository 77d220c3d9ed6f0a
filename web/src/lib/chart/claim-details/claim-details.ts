/**
 * The client's details for claims (the 837P's patient and the CMS-1500's boxes 3, 5): date of birth, sex for
 * claims, phone and postal address, as a form holds them and as the PATCH sends them. Pure, so it is tested
 * without a browser.
 */
import type { Client } from '$shared/schemas';

export interface ClaimDetailsFields {
  dateOfBirth: string;
  sexForClaims: string;
  phone: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
}

export function claimDetailsFields(client: Pick<Client, 'dateOfBirth' | 'sexForClaims' | 'phone' | 'address'>): ClaimDetailsFields {
  const address = client.address;
  return {
    dateOfBirth: client.dateOfBirth ?? '',
    sexForClaims: client.sexForClaims ?? '',
    phone: client.phone ?? '',
    line1: address?.line1 ?? '',
    line2: address?.line2 ?? '',
    city: address?.city ?? '',
    state: address?.state ?? '',
    postalCode: address?.postalCode ?? '',
  };
}

/**
 * The PATCH body: an empty field clears its value; an address with every part empty is no address (null), one
 * with some parts is sent as typed for the server to name what is missing.
 */
export function claimDetailsRequest(fields: ClaimDetailsFields, version: number): Record<string, unknown> {
  const { line1, line2, city, state, postalCode } = fields;
  const anyAddress = [line1, line2, city, state, postalCode].some((part) => part.trim());
  return {
    dateOfBirth: fields.dateOfBirth || null,
    sexForClaims: fields.sexForClaims || null,
    phone: fields.phone.trim() || null,
    address: anyAddress ? { line1, ...(line2.trim() ? { line2 } : {}), city, state, postalCode } : null,
    version,
  };
}

/** An API detail's path (`address.postalCode`) → the form field it belongs to (`postalCode`). */
export const claimDetailsField = (path: string): string => path.replace(/^address\./, '') || '_';

/**
 * The demo practice `npm start` seeds: about twenty real payer names (with their public EDI payer IDs where
 * well known) and a few made-up clients. Plain data, also used by the matcher's tests as a realistic practice.
 */

export const DEMO_PAYERS: { name: string; ediPayerId?: string; aliases?: string[] }[] = [
  { name: 'Aetna', ediPayerId: '60054' },
  { name: 'Cigna', ediPayerId: '62308' },
  { name: 'UnitedHealthcare', ediPayerId: '87726', aliases: ['UHC'] },
  { name: 'Humana', ediPayerId: '61101' },
  { name: 'Blue Cross Blue Shield of Texas', ediPayerId: '84980' },
  { name: 'Anthem Blue Cross' },
  { name: 'Blue Shield of California' },
  { name: 'Kaiser Permanente' },
  { name: 'Medicare' },
  { name: 'Medi-Cal' },
  { name: 'TRICARE West', ediPayerId: '99726' },
  { name: 'Optum Behavioral Health' },
  { name: 'Magellan Healthcare' },
  { name: 'Oscar Health' },
  { name: 'Molina Healthcare' },
  { name: 'Harvard Pilgrim Health Care', ediPayerId: '04271' },
  { name: 'Tufts Health Plan' },
  { name: 'Empire BlueCross BlueShield' },
  { name: 'Horizon Blue Cross Blue Shield of New Jersey', ediPayerId: '22099' },
  { name: 'Carelon Behavioral Health' },
];

/** The demo practice's billing profile (made-up identifiers whose NPI check digit and shapes are valid). */
export const DEMO_BILLING = {
  organizationName: 'Demo Counseling Group',
  npi: '1245319599',
  taxId: '12-3456789',
  taxonomyCode: '261QM0801X',
  address: { line1: '200 Harbor Way', line2: 'Suite 4', city: 'Portland', state: 'OR', postalCode: '97201-1234' },
  phone: '(503) 555-0100',
  submitterId: 'DEMO01',
  receiverId: 'CLEARINGHOUSE',
  receiverName: 'Demo Clearinghouse',
};

/** The demo practitioner's rendering NPI and taxonomy (mental health counselor). */
export const DEMO_RENDERING = { npi: '1679576722', taxonomyCode: '101YM0800X' };

export const DEMO_CLIENTS = [
  {
    firstName: 'Avery',
    lastName: 'Lindqvist',
    email: 'avery.lindqvist@example.com',
    dateOfBirth: '1988-04-12',
    address: { line1: '12 Elm St', city: 'Portland', state: 'OR', postalCode: '97202' },
    sexForClaims: 'female' as const,
    phone: '503-555-0199',
  },
  { firstName: 'Jordan', lastName: 'Okafor', email: 'jordan.okafor@example.com', dateOfBirth: '1979-11-03' },
  { firstName: 'Priya', lastName: 'Raman', email: 'priya.raman@example.com', dateOfBirth: '1995-07-28' },
  { firstName: 'Sam', lastName: 'Whitfield', email: 'sam.whitfield@example.com', dateOfBirth: null },
];

/** The demo practice's admin (`practitioner@demo.test`): the name the audit trail and the team page show. */
export const DEMO_PRACTITIONER = { givenName: 'Morgan', familyName: 'Ellis' };

/** The demo practice's profile: the name and phone a client sees in the portal header and every email. */
export const DEMO_PRACTICE_PROFILE = {
  name: 'Maple Street Counseling',
  phone: '(555) 010-0142',
  email: 'frontdesk@maple-street.example',
  address: { line1: '120 Maple Street', line2: 'Suite 4', city: 'Burlington', state: 'VT', postalCode: '05401' },
  timeZone: 'America/New_York',
};

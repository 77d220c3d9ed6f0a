/**
 * The identifiers a claim carries out of the building (the 837P and the CMS-1500), checked the
 * way a clearinghouse's front-end edits check them: NPI check digit, tax ID shape, NUCC taxonomy code shape,
 * CMS place-of-service codes and procedure modifiers. Pure and isomorphic: the settings schema, claim
 * readiness, the 837P generator and the web's forms all use these, so a value is judged the same everywhere.
 */

/**
 * An NPI is ten digits whose last is a Luhn check digit computed over `80840` (the ISO 7812 prefix for US
 * health identifiers) followed by the first nine digits (CMS, "Requirements for NPI check digit").
 */
export function isValidNpi(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  return npiCheckDigit(value.slice(0, 9)) === Number(value[9]);
}

/** The check digit for the first nine digits of an NPI. */
export function npiCheckDigit(firstNine: string): number {
  const digits = `80840${firstNine}`;
  let sum = 0;
  // Luhn: double every second digit from the right of the payload (the check digit's position is the 0th).
  for (let index = digits.length - 1, double = true; index >= 0; index--, double = !double) {
    let digit = Number(digits[index]);
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export type TaxIdKind = 'ein' | 'ssn';

/**
 * A billing provider's tax ID: an EIN (`NN-NNNNNNN`, or nine digits without the dash) or an SSN
 * (`NNN-NN-NNNN`, for a solo practitioner who bills under their own). Nine bare digits are read as an EIN,
 * the usual case for a practice. Returns the kind and the nine digits the 837P sends (REF*EI or REF*SY), or
 * null when the value has neither shape or is one the IRS/SSA never issue (all zeros; SSN area 000, 666 or
 * 9xx, group 00, serial 0000).
 */
export function parseTaxId(value: string): { kind: TaxIdKind; digits: string } | null {
  const trimmed = value.trim();
  let kind: TaxIdKind;
  if (/^\d{2}-\d{7}$/.test(trimmed) || /^\d{9}$/.test(trimmed)) kind = 'ein';
  else if (/^\d{3}-\d{2}-\d{4}$/.test(trimmed)) kind = 'ssn';
  else return null;
  const digits = trimmed.replace(/-/g, '');
  if (/^0{9}$/.test(digits)) return null;
  if (kind === 'ein' && digits.startsWith('00')) return null;
  if (kind === 'ssn') {
    const [area, group, serial] = [digits.slice(0, 3), digits.slice(3, 5), digits.slice(5)];
    if (area === '000' || area === '666' || area.startsWith('9') || group === '00' || serial === '0000') return null;
  }
  return { kind, digits };
}

export const isValidTaxId = (value: string): boolean => parseTaxId(value) !== null;

/**
 * A NUCC Health Care Provider Taxonomy code: ten characters, the first three digits (provider type), then six
 * letters or digits (classification and specialization), ending in `X` — e.g. `101YM0800X` (mental health
 * counselor), `103T00000X` (psychologist), `1041C0700X` (clinical social worker), `2084P0800X` (psychiatry).
 * The shape, not membership in the code set (which NUCC republishes twice a year).
 */
export function isValidTaxonomyCode(value: string): boolean {
  return /^\d{3}[0-9A-Z]{6}X$/.test(value);
}

/**
 * The CMS place-of-service code set (two digits) with its short names, as published in the CMS POS database.
 * Unassigned numbers are refused: a payer rejects them at its front end.
 */
export const PLACE_OF_SERVICE: Readonly<Record<string, string>> = {
  '01': 'Pharmacy',
  '02': 'Telehealth provided other than in patient’s home',
  '03': 'School',
  '04': 'Homeless shelter',
  '05': 'Indian Health Service free-standing facility',
  '06': 'Indian Health Service provider-based facility',
  '07': 'Tribal 638 free-standing facility',
  '08': 'Tribal 638 provider-based facility',
  '09': 'Prison/correctional facility',
  '10': 'Telehealth provided in patient’s home',
  '11': 'Office',
  '12': 'Home',
  '13': 'Assisted living facility',
  '14': 'Group home',
  '15': 'Mobile unit',
  '16': 'Temporary lodging',
  '17': 'Walk-in retail health clinic',
  '18': 'Place of employment – worksite',
  '19': 'Off campus – outpatient hospital',
  '20': 'Urgent care facility',
  '21': 'Inpatient hospital',
  '22': 'On campus – outpatient hospital',
  '23': 'Emergency room – hospital',
  '24': 'Ambulatory surgical center',
  '25': 'Birthing center',
  '26': 'Military treatment facility',
  '27': 'Outreach site/street',
  '31': 'Skilled nursing facility',
  '32': 'Nursing facility',
  '33': 'Custodial care facility',
  '34': 'Hospice',
  '41': 'Ambulance – land',
  '42': 'Ambulance – air or water',
  '49': 'Independent clinic',
  '50': 'Federally qualified health center',
  '51': 'Inpatient psychiatric facility',
  '52': 'Psychiatric facility – partial hospitalization',
  '53': 'Community mental health center',
  '54': 'Intermediate care facility/individuals with intellectual disabilities',
  '55': 'Residential substance abuse treatment facility',
  '56': 'Psychiatric residential treatment center',
  '57': 'Non-residential substance abuse treatment facility',
  '58': 'Non-residential opioid treatment facility',
  '60': 'Mass immunization center',
  '61': 'Comprehensive inpatient rehabilitation facility',
  '62': 'Comprehensive outpatient rehabilitation facility',
  '65': 'End-stage renal disease treatment facility',
  '66': 'Programs of All-Inclusive Care for the Elderly (PACE) center',
  '71': 'State or local public health clinic',
  '72': 'Rural health clinic',
  '81': 'Independent laboratory',
  '99': 'Other place of service',
};

export function isValidPlaceOfService(value: string): boolean {
  return Object.hasOwn(PLACE_OF_SERVICE, value);
}

/** Telehealth places of service: the claim form says so, and payers expect modifier 95 or GT with some. */
export const TELEHEALTH_PLACES_OF_SERVICE = ['02', '10'] as const;

/** SV101-3 … SV101-6: at most four modifiers per service line. */
export const MAX_MODIFIERS = 4;

/** A CPT/HCPCS modifier: two letters or digits (e.g. `95`, `GT`, `HO`, `59`, `XU`); the service-line schema's rule. */
export const MODIFIER_PATTERN = /^[0-9A-Z]{2}$/;

export function isValidModifier(value: string): boolean {
  return MODIFIER_PATTERN.test(value);
}

/** SV107: at most four diagnosis pointers per line, each pointing at one of the claim's (up to 12) codes. */
export const MAX_DIAGNOSIS_POINTERS = 4;
export const MAX_DIAGNOSIS_CODES = 12;

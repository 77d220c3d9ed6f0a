/**
 * The CMS-1500 (02/12) claim form as a PDF, from the same claim bundle as the 837P: every box in its place on
 * a US Letter page, drawn as a grid with each box's number and caption, so it reads well on plain paper (it is
 * not an overlay for the red OCR form). Every field the 837P carries is on it: payer and EDI ID, insurance
 * type, member ID, patient and insured (name, birth date, sex, address, relationship), group number and plan,
 * other coverage (box 9 and 11d), diagnoses A–L, up to six service lines per page (dates, place of service,
 * CPT/HCPCS with modifiers, pointers, charge, units, rendering NPI with its taxonomy), tax ID, patient
 * account number, total, rendering practitioner, billing provider with NPI and taxonomy.
 *
 * Claims with more than six lines continue on further pages, as the NUCC instructions say: box 28 reads
 * CONTINUED on every page but the last, which carries the claim's total.
 *
 * pdf-lib is isomorphic (no Node built-ins), so this file stays in shared/ with the generator it mirrors.
 */
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { parseTaxId, TELEHEALTH_PLACES_OF_SERVICE } from './billing-identifiers.ts';
import { patientControlNumber, totalChargeCents, type BundleCoverage, type ClaimBundle, type Person } from './claim-bundle.ts';

const PAGE = { width: 612, height: 792 } as const;
const LEFT = 24;
const RIGHT = 588;
const COLUMN_2 = 236;
const COLUMN_3 = 372;
const LINES_PER_PAGE = 6;
const INK = rgb(0, 0, 0);
/** The form's red, for the grid and captions; data is black. */
const FORM = rgb(0.72, 0.11, 0.11);

export interface Cms1500Options {
  /** Box 31's date; the form's signature date. */
  signedOn: string;
  /** PDF metadata creation date (deterministic output in tests). */
  createdAt?: Date;
}

export async function renderCms1500(claim: ClaimBundle, options: Cms1500Options): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.setTitle('CMS-1500 (02/12) health insurance claim form');
  document.setProducer('Portal Insurance');
  document.setCreator('Portal Insurance');
  const when = options.createdAt ?? new Date(0);
  document.setCreationDate(when);
  document.setModificationDate(when);
  const fonts = { regular: await document.embedFont(StandardFonts.Helvetica), bold: await document.embedFont(StandardFonts.HelveticaBold) };

  const pages = Math.max(1, Math.ceil(claim.serviceLines.length / LINES_PER_PAGE));
  for (let index = 0; index < pages; index++) {
    const page = document.addPage([PAGE.width, PAGE.height]);
    const form = new FormWriter(page, fonts);
    drawPage(form, claim, index, pages, options);
  }
  // Plain objects (no object streams): any PDF reader, and a simple text check, can read it back.
  return document.save({ useObjectStreams: false });
}

function drawPage(form: FormWriter, claim: ClaimBundle, pageIndex: number, pageCount: number, options: Cms1500Options): void {
  const { coverage, patient } = claim;
  const insured = coverage.relationship === 'self' ? patient : coverage.subscriber;
  const other = claim.otherCoverage;

  // Title and carrier block
  form.title(LEFT, 24, 'HEALTH INSURANCE CLAIM FORM');
  form.caption(LEFT, 42, 'APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12');
  form.caption(LEFT, 52, pageCount > 1 ? `PAGE ${pageIndex + 1} OF ${pageCount}` : 'PAGE 1 OF 1');
  form.box(COLUMN_3, 20, RIGHT - COLUMN_3, 44, 'CARRIER', [
    coverage.payer.name,
    `PAYER ID ${coverage.payer.ediPayerId}`,
    coverage.priority === 'primary' ? 'PRIMARY' : coverage.priority === 'secondary' ? 'SECONDARY' : 'TERTIARY',
  ]);

  let top = 70;
  // Row: 1, 1a
  form.box(LEFT, top, COLUMN_3 - LEFT, 28, '1. MEDICARE  MEDICAID  TRICARE  CHAMPVA  GROUP HEALTH PLAN  FECA BLK LUNG  OTHER', [
    checkboxes(INSURANCE_TYPES, coverage.insuranceType),
  ]);
  form.box(COLUMN_3, top, RIGHT - COLUMN_3, 28, "1a. INSURED'S I.D. NUMBER", [coverage.memberId]);
  top += 28;
  // Row: 2, 3, 4
  form.box(LEFT, top, COLUMN_2 - LEFT, 28, "2. PATIENT'S NAME (Last Name, First Name, Middle Initial)", [personName(patient)]);
  form.box(COLUMN_2, top, COLUMN_3 - COLUMN_2, 28, "3. PATIENT'S BIRTH DATE / SEX", [
    `${formDate(patient.dateOfBirth)}   ${sexBox(patient.sex)}`,
  ]);
  form.box(COLUMN_3, top, RIGHT - COLUMN_3, 28, "4. INSURED'S NAME (Last Name, First Name, Middle Initial)", [personName(insured)]);
  top += 28;
  // Row: 5, 6 / 8, 7
  form.box(
    LEFT,
    top,
    COLUMN_2 - LEFT,
    56,
    "5. PATIENT'S ADDRESS (No., Street) / CITY / STATE / ZIP CODE / TELEPHONE",
    addressLines(patient, patient.phone),
  );
  form.box(COLUMN_2, top, COLUMN_3 - COLUMN_2, 28, '6. PATIENT RELATIONSHIP TO INSURED', [
    checkboxes(RELATIONSHIPS, coverage.relationship),
  ]);
  form.box(COLUMN_2, top + 28, COLUMN_3 - COLUMN_2, 28, '8. RESERVED FOR NUCC USE', []);
  form.box(
    COLUMN_3,
    top,
    RIGHT - COLUMN_3,
    56,
    "7. INSURED'S ADDRESS (No., Street) / CITY / STATE / ZIP CODE",
    addressLines(insured, null),
  );
  top += 56;
  // Rows: 9 a–d, 10 a–d, 11 a–d
  const otherInsured = other ? (other.relationship === 'self' ? patient : other.subscriber) : null;
  const rows: [string, string, string, string, string, string][] = [
    [
      "9. OTHER INSURED'S NAME",
      otherInsured ? personName(otherInsured) : '',
      "10. IS PATIENT'S CONDITION RELATED TO:",
      '',
      "11. INSURED'S POLICY GROUP OR FECA NUMBER",
      coverage.groupNumber ?? '',
    ],
    [
      "9a. OTHER INSURED'S POLICY OR GROUP NUMBER",
      other ? [other.memberId, other.groupNumber].filter(Boolean).join(' / ') : '',
      'a. EMPLOYMENT? (Current or Previous)',
      'NO',
      "11a. INSURED'S DATE OF BIRTH / SEX",
      `${formDate(insured.dateOfBirth)}   ${sexBox(insured.sex)}`,
    ],
    ['9b. RESERVED FOR NUCC USE', '', 'b. AUTO ACCIDENT?', 'NO', '11b. OTHER CLAIM ID (Designated by NUCC)', ''],
    ['9c. RESERVED FOR NUCC USE', '', 'c. OTHER ACCIDENT?', 'NO', '11c. INSURANCE PLAN NAME OR PROGRAM NAME', coverage.planName ?? ''],
    [
      '9d. INSURANCE PLAN NAME OR PROGRAM NAME',
      other ? otherPlan(other) : '',
      '10d. CLAIM CODES (Designated by NUCC)',
      '',
      '11d. IS THERE ANOTHER HEALTH BENEFIT PLAN?',
      other ? '[X] YES  [ ] NO  (complete items 9, 9a, 9d)' : '[ ] YES  [X] NO',
    ],
  ];
  for (const [label9, value9, label10, value10, label11, value11] of rows) {
    form.box(LEFT, top, COLUMN_2 - LEFT, 22, label9, [value9]);
    form.box(COLUMN_2, top, COLUMN_3 - COLUMN_2, 22, label10, [value10]);
    form.box(COLUMN_3, top, RIGHT - COLUMN_3, 22, label11, [value11]);
    top += 22;
  }
  // 12, 13
  form.box(LEFT, top, COLUMN_3 - LEFT, 26, "12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE", [
    `SIGNATURE ON FILE        DATE ${formDate(options.signedOn)}`,
  ]);
  form.box(COLUMN_3, top, RIGHT - COLUMN_3, 26, "13. INSURED'S OR AUTHORIZED PERSON'S SIGNATURE", ['SIGNATURE ON FILE']);
  top += 26;
  // 14–20 (not collected by the product: left blank, as the 837P leaves their segments out)
  const blanks: [string, string][] = [
    ['14. DATE OF CURRENT ILLNESS, INJURY, OR PREGNANCY (LMP)', '15. OTHER DATE'],
    ['16. DATES PATIENT UNABLE TO WORK IN CURRENT OCCUPATION', '17. NAME OF REFERRING PROVIDER OR OTHER SOURCE   17b. NPI'],
    ['18. HOSPITALIZATION DATES RELATED TO CURRENT SERVICES', '19. ADDITIONAL CLAIM INFORMATION (Designated by NUCC)'],
  ];
  for (const [left, right] of blanks) {
    form.box(LEFT, top, COLUMN_3 - LEFT, 20, left, []);
    form.box(COLUMN_3, top, RIGHT - COLUMN_3, 20, right, []);
    top += 20;
  }
  form.box(LEFT, top, COLUMN_3 - LEFT, 20, '20. OUTSIDE LAB?  $ CHARGES', ['[ ] YES  [X] NO']);
  form.box(COLUMN_3, top, RIGHT - COLUMN_3, 20, '22. RESUBMISSION CODE / ORIGINAL REF. NO.', []);
  top += 20;
  // 21 diagnoses A–L
  const diagnoses = Array.from({ length: 12 }, (_, index) => `${LETTERS[index]}. ${claim.diagnosisCodes[index] ?? ''}`);
  form.box(
    LEFT,
    top,
    COLUMN_3 - LEFT,
    44,
    '21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY (Relate A-L to service line below, 24E)   ICD Ind. 0',
    [
      diagnoses.slice(0, 4).map(pad(16)).join(''),
      diagnoses.slice(4, 8).map(pad(16)).join(''),
      diagnoses.slice(8, 12).map(pad(16)).join(''),
    ],
  );
  form.box(COLUMN_3, top, RIGHT - COLUMN_3, 44, '23. PRIOR AUTHORIZATION NUMBER', []);
  top += 44;

  // 24 service lines
  top = drawServiceLines(form, claim, top, pageIndex);

  // 25–30
  const total = pageIndex === pageCount - 1 ? money(totalChargeCents(claim.serviceLines)) : 'CONTINUED';
  // Box 29 (NUCC 02/12): what the patient or other payers paid on the covered services — here the Primary's
  // payment on a secondary claim, when its adjudication is recorded (on the last page, beside the total).
  const adjudication = claim.otherCoverage ? claim.primaryAdjudication : null;
  const paid = adjudication && pageIndex === pageCount - 1 ? money(adjudication.paidCents) : '';
  // The same reading of the tax ID as the 837P's REF*SY / REF*EI.
  const taxIdKind = parseTaxId(claim.billingProvider.taxId)?.kind === 'ssn' ? 'SSN [X]  EIN [ ]' : 'SSN [ ]  EIN [X]';
  const row25: [number, number, string, string][] = [
    [LEFT, 170, '25. FEDERAL TAX I.D. NUMBER', `${claim.billingProvider.taxId}   ${taxIdKind}`],
    [170, 300, "26. PATIENT'S ACCOUNT NO.", patientControlNumber(claim.claimId)],
    [300, 390, '27. ACCEPT ASSIGNMENT?', '[X] YES  [ ] NO'],
    [390, 470, '28. TOTAL CHARGE', total],
    [470, 530, '29. AMOUNT PAID', paid],
    [530, RIGHT, '30. Rsvd for NUCC Use', ''],
  ];
  for (const [from, to, label, value] of row25) form.box(from, top, to - from, 26, label, [value]);
  top += 26;

  // 31–33
  const rendering = claim.renderingProvider;
  const billing = claim.billingProvider;
  form.box(LEFT, top, 180 - LEFT, 66, '31. SIGNATURE OF PHYSICIAN OR SUPPLIER INCLUDING DEGREES OR CREDENTIALS', [
    `${rendering.givenName} ${rendering.familyName}`,
    `SIGNED ${formDate(options.signedOn)}`,
  ]);
  const telehealth = (TELEHEALTH_PLACES_OF_SERVICE as readonly string[]).includes(claim.placeOfService);
  form.box(180, top, 384 - 180, 52, '32. SERVICE FACILITY LOCATION INFORMATION', [
    telehealth ? `TELEHEALTH (POS ${claim.placeOfService})` : billing.organizationName,
    ...(telehealth ? [] : addressLines({ address: billing.address }, null)),
  ]);
  form.box(384, top, RIGHT - 384, 52, `33. BILLING PROVIDER INFO & PH #   ${billing.phone}`, [
    billing.organizationName,
    ...addressLines({ address: billing.address }, null),
  ]);
  form.box(180, top + 52, 102, 14, '32a. NPI', telehealth ? [] : [billing.npi], true);
  form.box(282, top + 52, 102, 14, '32b.', [], true);
  form.box(384, top + 52, 102, 14, '33a. NPI', [billing.npi], true);
  form.box(486, top + 52, RIGHT - 486, 14, '33b.', [`ZZ ${billing.taxonomyCode}`], true);
  top += 66;
  form.caption(
    LEFT,
    top + 6,
    'NUCC Instruction Manual available at: www.nucc.org     Printed from the claim as exported (ASC X12 837P 005010X222A1)',
  );
}

const LINE_COLUMNS = [
  { x: LEFT, label: '24A. FROM' },
  { x: 74, label: 'TO' },
  { x: 124, label: 'B. POS' },
  { x: 150, label: 'C. EMG' },
  { x: 174, label: 'D. CPT/HCPCS' },
  { x: 226, label: 'MODIFIER' },
  { x: 316, label: 'E. DIAG. PTR' },
  { x: 372, label: 'F. $ CHARGES' },
  { x: 442, label: 'G. UNITS' },
  { x: 476, label: 'H. EPSDT' },
  { x: 506, label: 'I. QUAL' },
  { x: 530, label: 'J. RENDERING NPI' },
] as const;

function drawServiceLines(form: FormWriter, claim: ClaimBundle, top: number, pageIndex: number): number {
  const headerHeight = 14;
  const rowHeight = 24;
  const lines = claim.serviceLines.slice(pageIndex * LINES_PER_PAGE, (pageIndex + 1) * LINES_PER_PAGE);
  LINE_COLUMNS.forEach((column, index) => {
    const next = LINE_COLUMNS[index + 1]?.x ?? RIGHT;
    form.box(column.x, top, next - column.x, headerHeight, column.label, [], true);
  });
  top += headerHeight;
  const date = formDate(claim.dateOfService);
  for (let row = 0; row < LINES_PER_PAGE; row++) {
    const line = lines[row];
    // The shaded upper half of each line: the rendering taxonomy with qualifier ZZ (24I/24J), as NUCC instructs.
    form.shade(LEFT, top, RIGHT - LEFT, rowHeight / 2);
    const values = line
      ? [
          date,
          date,
          claim.placeOfService,
          '',
          line.procedureCode,
          line.modifiers.join(' '),
          line.diagnosisPointers.map((pointer) => LETTERS[pointer - 1] ?? '?').join(''),
          money(line.chargeCents),
          String(line.units),
          '',
          'NPI',
          claim.renderingProvider.npi,
        ]
      : LINE_COLUMNS.map(() => '');
    LINE_COLUMNS.forEach((column, index) => {
      const next = LINE_COLUMNS[index + 1]?.x ?? RIGHT;
      form.cell(column.x, top + rowHeight / 2, next - column.x, rowHeight / 2, values[index]!);
    });
    if (line) {
      form.cell(506, top, 24, rowHeight / 2, 'ZZ');
      form.cell(530, top, RIGHT - 530, rowHeight / 2, claim.renderingProvider.taxonomyCode);
    }
    form.label(LEFT - 8, top + rowHeight / 2, String(row + 1));
    top += rowHeight;
  }
  return top;
}

const LETTERS = 'ABCDEFGHIJKL';
const INSURANCE_TYPES: [BundleCoverage['insuranceType'], string][] = [
  ['medicare', 'MEDICARE'],
  ['medicaid', 'MEDICAID'],
  ['tricare', 'TRICARE'],
  ['champva', 'CHAMPVA'],
  ['group_health_plan', 'GROUP HEALTH PLAN'],
  ['feca_black_lung', 'FECA BLK LUNG'],
  ['other', 'OTHER'],
];
const RELATIONSHIPS: [BundleCoverage['relationship'], string][] = [
  ['self', 'SELF'],
  ['spouse', 'SPOUSE'],
  ['child', 'CHILD'],
  ['other', 'OTHER'],
];

function checkboxes<T extends string>(options: [T, string][], chosen: T): string {
  return options.map(([value, label]) => `[${value === chosen ? 'X' : ' '}] ${label}`).join('  ');
}

function otherPlan(other: BundleCoverage): string {
  return [other.payer.name, other.planName].filter(Boolean).join(' - ') + ` (${other.payer.ediPayerId})`;
}

const personName = (person: Pick<Person, 'firstName' | 'lastName'>) => `${person.lastName}, ${person.firstName}`;

function addressLines(person: { address: Person['address'] }, phone: string | null | undefined): string[] {
  const { address } = person;
  return [
    [address.line1, address.line2].filter(Boolean).join(', '),
    `${address.city}, ${address.state} ${address.postalCode}`,
    ...(phone ? [`TEL ${phone}`] : []),
  ];
}

function sexBox(sex: Person['sex']): string {
  return `M [${sex === 'male' ? 'X' : ' '}]  F [${sex === 'female' ? 'X' : ' '}]${sex === 'unknown' ? '  (UNKNOWN)' : ''}`;
}

/** MM DD YYYY, as the form's date boxes are laid out. */
function formDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${month} ${day} ${year}`;
}

function money(cents: number): string {
  return `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const pad = (width: number) => (value: string) => value.padEnd(width, ' ');

/**
 * Draws boxes in top-left coordinates (the form's own), converting to PDF's bottom-left origin. Values are
 * written in upper case, in characters the standard font can encode (accents dropped, anything else '?').
 */
class FormWriter {
  constructor(
    private readonly page: PDFPage,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {}

  title(x: number, top: number, value: string): void {
    this.page.drawText(value, { x, y: PAGE.height - top - 14, size: 14, font: this.fonts.bold, color: FORM });
  }

  caption(x: number, top: number, value: string): void {
    this.page.drawText(value, { x, y: PAGE.height - top - 7, size: 6, font: this.fonts.regular, color: FORM });
  }

  label(x: number, top: number, value: string): void {
    this.page.drawText(value, { x, y: PAGE.height - top - 6, size: 5, font: this.fonts.regular, color: FORM });
  }

  shade(x: number, top: number, width: number, height: number): void {
    this.page.drawRectangle({ x, y: PAGE.height - top - height, width, height, color: rgb(0.98, 0.92, 0.92) });
  }

  box(x: number, top: number, width: number, height: number, caption: string, values: string[], compact = false): void {
    this.page.drawRectangle({ x, y: PAGE.height - top - height, width, height, borderColor: FORM, borderWidth: 0.6 });
    this.page.drawText(this.fit(safe(caption), width - 4, 5, this.fonts.regular), {
      x: x + 2,
      y: PAGE.height - top - 6,
      size: 5,
      font: this.fonts.regular,
      color: FORM,
    });
    if (compact && values.length > 0) {
      this.page.drawText(this.fit(formText(values[0]!), width - 30, 8, this.fonts.regular), {
        x: x + 28,
        y: PAGE.height - top - height + 3,
        size: 8,
        font: this.fonts.regular,
        color: INK,
      });
      return;
    }
    values.forEach((value, index) => {
      const text = formText(value);
      // A long value is set smaller before it is cut: a checkbox row must show its last box.
      const size = [9, 8, 7, 6].find((candidate) => this.fonts.regular.widthOfTextAtSize(text, candidate) <= width - 6) ?? 6;
      this.page.drawText(this.fit(text, width - 6, size, this.fonts.regular), {
        x: x + 4,
        y: PAGE.height - top - 16 - index * 10,
        size,
        font: this.fonts.regular,
        color: INK,
      });
    });
  }

  cell(x: number, top: number, width: number, height: number, value: string): void {
    if (!value) return;
    this.page.drawText(this.fit(formText(value), width - 3, 8, this.fonts.regular), {
      x: x + 2,
      y: PAGE.height - top - height + 3,
      size: 8,
      font: this.fonts.regular,
      color: INK,
    });
  }

  /** Shortens a value that would overflow its box (a box never spills into its neighbour). */
  private fit(value: string, width: number, size: number, font: PDFFont): string {
    let text = value;
    while (text.length > 0 && font.widthOfTextAtSize(text, size) > width) text = text.slice(0, -1);
    return text;
  }
}

/** Data on the form: upper case, accents dropped, only characters WinAnsi (the standard fonts) can encode. */
function formText(value: string): string {
  return safe(
    value
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase(),
  );
}

function safe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}

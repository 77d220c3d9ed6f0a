/**
 * Synthetic insurance cards with known fields, for measuring the card reader (never shipped, never committed as
 * images: the bench generates them). Varied on purpose — layouts (label: value lines, label columns, label rows
 * above value rows, a grid of tiny grey labels over values, a dark footer band with white print, one-line Rx),
 * fonts (sans, serif, mono, narrow, condensed), colours (dark bands with white text, light headers, grey labels),
 * label wordings, payers with and without insurer words, member-ID formats (prefixes printed apart, groups of
 * digits, Medicare MBIs with dashes) and group formats, phone and date styles, fields left off — and each card
 * twice: clean, and photo-like (on a table, tilted ±5°, unevenly lit, blurred, noisy before or after the
 * downscale to 560–760 px, JPEG q55–70).
 *
 * Rendered as SVG by sharp (librsvg) with the fonts fontconfig finds (DejaVu, Liberation on Debian).
 */
import sharp from 'sharp';
import type { CardFields } from '../../shared/card-reading/extract-fields.ts';

export interface GeneratedCard {
  id: string;
  clean: Buffer;
  photoLike: Buffer;
  fields: CardFields;
  /** Which layout the card was drawn with (for per-layout figures). */
  layout: (typeof LAYOUTS)[number];
}

export const LAYOUTS = ['label-colon', 'two-columns', 'label-rows', 'small-labels-grid', 'footer-band'] as const;

/** Mulberry32: the same seed gives the same cards on every run. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof random>;

const PAYERS = [
  'Aetna',
  'Cigna',
  'UnitedHealthcare',
  'Humana',
  'Blue Cross Blue Shield of Texas',
  'Anthem Blue Cross',
  'Kaiser Permanente',
  'Oscar Health',
  'Molina Healthcare',
  'Harvard Pilgrim Health Care',
  'Tufts Health Plan',
  'Magellan Healthcare',
  'Medi-Cal',
  'Optum Behavioral Health',
  'Ambetter Health',
  'Priority Health',
  'Geisinger Health Plan',
  'Blue Cross Blue Shield of Michigan',
  'Wellmark Blue Cross Blue Shield',
  'Premera Blue Cross',
  'Select Health',
  'Sentara Health Plans',
  'Devoted Health',
  'Clover Health',
  // Names without an insurer word, logos the practice may not have, and payers printed in capitals.
  'WellCare',
  'Ambetter',
  'EmblemHealth',
  'Health Net',
  'Florida Blue',
  'Highmark Blue Cross Blue Shield',
  'CareFirst BlueCross BlueShield',
  'MEDICARE',
  'TRICARE West',
];
const FIRST = ['MARIA', 'JOHN', 'AISHA', 'WEI', 'CARLOS', 'EMILY', 'DMITRI', 'FATIMA', 'LIAM', 'SOFIA', 'NOAH', 'PRIYA', 'OMAR', 'GRACE'];
const LAST = ['NGUYEN', 'JOHNSON', 'OKAFOR', 'MUELLER', 'HERNANDEZ', 'KIM', 'ROSSI', 'PATEL', 'COHEN', 'WILLIAMS', 'DUBOIS', 'YAMADA'];
const PLANS = [
  'Gold PPO',
  'Silver HMO',
  'Choice Plus',
  'Open Access Plus',
  'Bronze HDHP',
  'Select Network',
  'Premier EPO',
  'Essential POS',
  'Medicare Advantage HMO',
];
const PCNS = ['ADV', 'HUMANA', 'IRX', 'CIHSPROD', 'MEDDADV', 'BCTX', '9999', 'A4', 'WK', 'OHCP'];
const LETTERS = 'ABCDEFGHJKMNPRTUVWXYZ';
const FONTS = [
  'DejaVu Sans',
  'DejaVu Serif',
  'Liberation Sans',
  'Liberation Serif',
  'Liberation Mono',
  'DejaVu Sans Mono',
  'Liberation Sans Narrow',
  'DejaVu Sans Condensed',
];
const BANDS = ['#0b3d91', '#1d5f8a', '#6a1b9a', '#00695c', '#b71c1c', '#263238', '#e65100'];

const LABELS = {
  memberId: [
    'Member ID',
    'ID#',
    'ID',
    'Subscriber ID',
    'Member Number',
    'Identification No.',
    'Member ID#',
    'ID No.',
    'Identification Number',
    'Policy Number',
    'Member No.',
  ],
  groupNumber: ['Group', 'Group #', 'GRP', 'Group Number', 'Group No.', 'Group ID', 'GRP #'],
  subscriberName: ['Name', 'Member', 'Member Name', 'Subscriber', 'Subscriber Name', 'Cardholder', 'Enrollee Name'],
  planName: ['Plan', 'Plan Type', 'Product', 'Plan Name'],
  effectiveDate: ['Effective Date', 'Effective', 'Coverage Effective', 'Eff. Date', 'Coverage Date', 'Start Date', 'Eff Date'],
  phone: [
    'Member Services',
    'Customer Service',
    'Questions? Call',
    'Customer Care',
    'Member Services:',
    'Call Us',
    'Member Services Phone',
  ],
};

const digits = (rng: Random, count: number) => Array.from({ length: count }, () => rng.int(0, 9)).join('');
const letters = (rng: Random, count: number) => Array.from({ length: count }, () => rng.pick([...LETTERS])).join('');

/** A Medicare Beneficiary Identifier's letters (never S, L, O, I, B, Z). */
const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';
const mbiLetter = (rng: Random) => rng.pick([...MBI_LETTERS]);
const mbiAny = (rng: Random) => (rng.chance(0.5) ? mbiLetter(rng) : String(rng.int(0, 9)));

/** A member ID and how it is printed (in groups, a prefix apart, with dashes: the reading has no spaces or dashes). */
function memberId(rng: Random): { value: string; printed: string } {
  const plain = (value: string) => ({ value, printed: value });
  switch (rng.int(0, 7)) {
    case 0:
      return plain(letters(rng, 1) + digits(rng, 9));
    case 1: {
      const [prefix, rest] = [letters(rng, 3), digits(rng, 9)];
      return { value: prefix + rest, printed: rng.chance(0.5) ? `${prefix} ${rest}` : prefix + rest };
    }
    case 2:
      return plain(String(rng.int(1, 9)) + digits(rng, 8));
    case 3:
      return plain(String(rng.int(1, 9)) + digits(rng, 10));
    case 4: {
      // MBI: C A AN N A AN N A A N N, printed 1EG4-TE5-MK73 or plain.
      const value = `${rng.int(1, 9)}${mbiLetter(rng)}${mbiAny(rng)}${rng.int(0, 9)}${mbiLetter(rng)}${mbiAny(rng)}${rng.int(0, 9)}${mbiLetter(rng)}${mbiLetter(rng)}${digits(rng, 2)}`;
      return { value, printed: rng.chance(0.5) ? `${value.slice(0, 4)}-${value.slice(4, 7)}-${value.slice(7)}` : value };
    }
    case 5:
      return plain(letters(rng, 2) + digits(rng, 8) + letters(rng, 1));
    case 6: {
      const value = String(rng.int(1, 9)) + digits(rng, 8);
      return { value, printed: `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}` };
    }
    default:
      return plain(`${letters(rng, 2)}${digits(rng, 7)}${rng.int(0, 9)}${rng.int(0, 9)}`);
  }
}

function groupNumber(rng: Random): string {
  switch (rng.int(0, 3)) {
    case 0:
      return digits(rng, 6);
    case 1:
      return `0${digits(rng, 6)}`;
    case 2:
      return letters(rng, 1) + digits(rng, 6);
    default:
      return `${digits(rng, 5)}${letters(rng, 1)}${rng.int(0, 9)}`;
  }
}

function phoneText(digitsOnly: string, rng: Random): string {
  const [a, b, c] = [digitsOnly.slice(0, 3), digitsOnly.slice(3, 6), digitsOnly.slice(6)];
  return rng.pick([`${a}.${b}.${c}`, `(${a}) ${b}-${c}`, `1-${a}-${b}-${c}`, `${a}-${b}-${c}`]);
}

function dateText(iso: string, rng: Random): string {
  const [year, month, day] = iso.split('-');
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return rng.pick([
    `${month}/${day}/${year!.slice(2)}`,
    `${month}/${day}/${year}`,
    `${months[+month! - 1]} ${+day!}, ${year}`,
    `${month}-${day}-${year}`,
    `${year}-${month}-${day}`,
  ]);
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

interface Line {
  label: string;
  value: string;
}

/** One card front as SVG (1012×638, a card's 85.6 × 54 mm at 300 dpi). */
function cardSvg(
  rng: Random,
  fields: Required<Pick<CardFields, 'payerName' | 'memberId' | 'subscriberName' | 'payerPhone'>> & CardFields,
  printedId: string,
): { svg: string; layout: (typeof LAYOUTS)[number] } {
  const width = 1012;
  const height = 638;
  const font = rng.pick(FONTS);
  const valueFont = rng.chance(0.5) ? font : rng.pick(FONTS);
  const band = rng.chance(0.55) ? rng.pick(BANDS) : undefined;
  const ink = rng.pick(['#111111', '#1a237e', '#212121', '#3e2723']);
  // Labels are often printed lighter than the values.
  const labelInk = rng.chance(0.4) ? rng.pick(['#555555', '#666666', '#5f6b7a']) : ink;
  const size = rng.int(22, 28);
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="${rng.pick(['#ffffff', '#f7f9fc', '#fbfaf5', '#eef4fb'])}"/>`];
  const headerHeight = rng.int(90, 120);
  if (band) parts.push(`<rect width="${width}" height="${headerHeight}" fill="${band}"/>`);
  const headerInk = band ? '#ffffff' : rng.pick(['#0b3d91', '#6a1b9a', '#00695c', '#b71c1c']);
  const logoRight = rng.chance(0.25);
  parts.push(
    `<text x="${logoRight ? width - 40 : 40}" y="${headerHeight * 0.62}"${logoRight ? ' text-anchor="end"' : ''} font-family="${font}" font-weight="bold" font-size="${rng.int(34, 44)}" fill="${headerInk}">${escape(fields.payerName)}</text>`,
  );
  const lines: Line[] = [];
  const label = (key: keyof typeof LABELS) => rng.pick(LABELS[key]);
  lines.push({ label: label('subscriberName'), value: fields.subscriberName });
  lines.push({ label: label('memberId'), value: printedId });
  if (fields.groupNumber) lines.push({ label: label('groupNumber'), value: fields.groupNumber });
  let planInHeader = false;
  if (fields.planName) {
    if (rng.chance(0.4)) planInHeader = true;
    else lines.push({ label: label('planName'), value: fields.planName });
  }
  if (fields.effectiveDate) lines.push({ label: label('effectiveDate'), value: dateText(fields.effectiveDate, rng) });
  if (planInHeader) {
    parts.push(
      `<text x="${width - 40}" y="${headerHeight + 40}" text-anchor="end" font-family="${font}" font-weight="bold" font-size="${size}" fill="${ink}">${escape(fields.planName!)}</text>`,
    );
  }
  const rx: Line[] = fields.rxBin
    ? [
        { label: rng.pick(['RxBIN', 'Rx BIN', 'BIN', 'BIN #']), value: fields.rxBin },
        { label: rng.pick(['RxPCN', 'Rx PCN', 'PCN']), value: fields.rxPcn! },
        { label: rng.pick(['RxGrp', 'Rx Group', 'RxGRP', 'RxGroup', 'Rx GRP']), value: fields.rxGroup! },
      ]
    : [];
  const layout = rng.pick(LAYOUTS);
  const top = headerHeight + (planInHeader ? 90 : 60);
  const step = size * 2;
  const labelWeight = rng.chance(0.6) ? 'bold' : 'normal';
  const text = (x: number, y: number, content: string, options: { bold?: boolean; family?: string; size?: number; fill?: string } = {}) =>
    `<text x="${x}" y="${y}" font-family="${options.family ?? font}" font-weight="${options.bold ? 'bold' : 'normal'}" font-size="${options.size ?? size}" fill="${options.fill ?? ink}">${escape(content)}</text>`;
  let phoneInk = ink;
  if (layout === 'label-colon' || layout === 'footer-band') {
    // "Label: value" lines, Rx in a box on the right (or, with a footer band, on one line).
    lines.forEach((line, index) => {
      parts.push(
        `<text x="40" y="${top + index * step * (layout === 'footer-band' ? 0.8 : 1)}" font-family="${font}" font-size="${size}" fill="${ink}"><tspan font-weight="${labelWeight}" fill="${labelInk}">${escape(line.label)}:</tspan> <tspan font-family="${valueFont}">${escape(line.value)}</tspan></text>`,
      );
    });
    if (rx.length && layout === 'label-colon') {
      parts.push(
        `<rect x="620" y="${top - 40}" width="350" height="${rx.length * step + 20}" fill="none" stroke="${ink}" stroke-width="2"/>`,
      );
      rx.forEach((line, index) => parts.push(text(640, top + index * step, `${line.label}  ${line.value}`)));
    } else if (rx.length) {
      parts.push(text(40, height - 150, rx.map((line) => `${line.label}: ${line.value}`).join('   '), { size: size - 5 }));
    }
    if (layout === 'footer-band') {
      parts.push(`<rect y="${height - 105}" width="${width}" height="105" fill="${band ?? rng.pick(BANDS)}"/>`);
      phoneInk = '#ffffff';
    }
  } else if (layout === 'two-columns') {
    // Labels in one column, values in another.
    [...lines, ...rx].forEach((line, index) => {
      parts.push(text(40, top + index * (step * 0.8), line.label, { bold: labelWeight === 'bold', size: size - 3, fill: labelInk }));
      parts.push(text(420, top + index * (step * 0.8), line.value, { family: valueFont, bold: true }));
    });
  } else if (layout === 'label-rows') {
    // Small label rows above value rows, two per row; Rx on one line.
    for (let index = 0; index < lines.length; index += 2) {
      const y = top + (index / 2) * (step * 1.5);
      for (const [offset, line] of [lines[index], lines[index + 1]].entries()) {
        if (!line) continue;
        parts.push(text(40 + offset * 480, y, line.label.toUpperCase(), { size: size - 6, bold: true, fill: labelInk }));
        parts.push(text(40 + offset * 480, y + size + 6, line.value, { family: valueFont }));
      }
    }
    if (rx.length) parts.push(text(40, height - 130, rx.map((line) => `${line.label}: ${line.value}`).join('   '), { size: size - 3 }));
  } else {
    // Tiny grey labels over bold values in a grid of three columns, Rx labels over their values (common on
    // commercial cards: the labels are the smallest print on the card).
    const small = Math.max(13, size - 11);
    const cells = [...lines, ...rx];
    cells.forEach((line, index) => {
      const [column, row] = [index % 3, Math.floor(index / 3)];
      const [x, y] = [40 + column * 320, top - 10 + row * (size + small + 34)];
      parts.push(text(x, y, line.label.toUpperCase(), { size: small, fill: rng.chance(0.5) ? '#6b6b6b' : labelInk }));
      parts.push(text(x, y + size + 4, line.value, { family: valueFont, bold: labelWeight === 'bold' }));
    });
  }
  parts.push(text(40, height - 62, `${label('phone')} ${phoneText(fields.payerPhone, rng)}`, { size: size - 3, fill: phoneInk }));
  parts.push(text(40, height - 24, `Pharmacy Help Desk ${phoneText(`800${digits(rng, 7)}`, rng)}`, { size: size - 6, fill: phoneInk }));
  return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`, layout };
}

async function photoLike(clean: Buffer, rng: Random): Promise<Buffer> {
  const angle = (rng.next() * 2 - 1) * 5;
  const table = rng.pick(['#7a7a7a', '#8d6e63', '#5d6d7e', '#a1887f']);
  const rotated = await sharp(clean)
    .rotate(angle, { background: table })
    .extend({ top: 40, bottom: 40, left: 40, right: 40, background: table })
    .png()
    .toBuffer();
  const { width, height } = await sharp(rotated).metadata();
  const light = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x1="${rng.next()}" y1="0" x2="${rng.next()}" y2="1"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#${rng.pick(['9a9a9a', 'a8a8a8', 'b5b5b5'])}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`,
  );
  const lit = await sharp(rotated)
    .composite([{ input: light, blend: 'multiply' }])
    .blur(0.5 + rng.next() * 0.8)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const addNoise = (pixels: Buffer, sigma: number) => {
    for (let index = 0; index < pixels.length; index++) {
      const noise = (rng.next() + rng.next() + rng.next() - 1.5) * sigma * 2;
      pixels[index] = Math.max(0, Math.min(255, pixels[index]! + noise));
    }
  };
  // Sensor noise at the camera's resolution (smoothed by the downscale), or at the final size (as a phone's
  // own noise reduction and resizing leave it).
  const noiseAfter = rng.chance(0.5);
  const sigma = 4 + rng.next() * 4;
  if (!noiseAfter) addNoise(lit.data, sigma);
  const small = await sharp(lit.data, { raw: lit.info })
    .resize({ width: rng.int(560, 760) })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (noiseAfter) addNoise(small.data, sigma);
  return sharp(small.data, { raw: small.info })
    .jpeg({ quality: rng.int(55, 70) })
    .toBuffer();
}

export async function generateCards(count: number, seed = 20261130): Promise<GeneratedCard[]> {
  const rng = random(seed);
  const cards: GeneratedCard[] = [];
  for (let index = 0; index < count; index++) {
    const year = rng.int(2023, 2027);
    const id = memberId(rng);
    const fields: CardFields & { payerName: string; memberId: string; subscriberName: string; payerPhone: string } = {
      payerName: rng.pick(PAYERS),
      memberId: id.value,
      subscriberName: `${rng.pick(FIRST)}${rng.chance(0.3) ? ` ${letters(rng, 1)}` : ''} ${rng.pick(LAST)}`,
      payerPhone: `${rng.pick(['800', '866', '877', '888'])}${digits(rng, 7)}`,
    };
    if (rng.chance(0.85)) fields.groupNumber = groupNumber(rng);
    if (rng.chance(0.8)) fields.planName = rng.pick(PLANS);
    if (rng.chance(0.5))
      fields.effectiveDate = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.pick([1, 1, 15, rng.int(2, 28)])).padStart(2, '0')}`;
    if (rng.chance(0.75)) {
      fields.rxBin = digits(rng, 6);
      fields.rxPcn = rng.pick(PCNS);
      fields.rxGroup = rng.pick([`RX${digits(rng, 4)}`, letters(rng, 4), digits(rng, 6)]);
    }
    const { svg, layout } = cardSvg(rng, fields, id.printed);
    const clean = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer();
    cards.push({ id: `gen${String(index).padStart(3, '0')}`, clean, photoLike: await photoLike(clean, rng), fields, layout });
  }
  return cards;
}

/** One plain, clean card with exactly these fields ("Label: value" lines), for tests that need a known reading. */
export async function renderCardPng(fields: {
  payerName: string;
  memberId: string;
  subscriberName: string;
  groupNumber?: string;
  payerPhone?: string;
}): Promise<Buffer> {
  const lines = [
    ['Name', fields.subscriberName],
    ['Member ID', fields.memberId],
    ...(fields.groupNumber ? [['Group', fields.groupNumber]] : []),
  ];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1012" height="638"><rect width="1012" height="638" fill="#ffffff"/>
    <rect width="1012" height="110" fill="#0b3d91"/>
    <text x="40" y="72" font-family="DejaVu Sans" font-weight="bold" font-size="40" fill="#ffffff">${escape(fields.payerName)}</text>
    ${lines.map(([label, value], index) => `<text x="40" y="${200 + index * 60}" font-family="DejaVu Sans" font-size="28" fill="#111111">${escape(label!)}: ${escape(value!)}</text>`).join('')}
    ${fields.payerPhone ? `<text x="40" y="580" font-family="DejaVu Sans" font-size="24" fill="#111111">Member Services ${fields.payerPhone.replace(/(\d{3})(\d{3})(\d{4})/, '$1-$2-$3')}</text>` : ''}
  </svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toBuffer();
}

/**
 * Every email the product sends, in one place, as plain text and HTML: the portal invitation, a password-reset
 * code and a colleague's invitation to the dashboard. A client's emails are in the client's language (the
 * dashboard, and so a colleague's invitation, stays English). Each names the practice — its name in the subject and the
 * From display name, its phone and email in the signature — so that it never reads like an anonymous message
 *. Pure: the local runtime builds Cognito's emails with it too.
 */
import { fill, type Language } from '../../shared/i18n/languages.ts';
import type { OutgoingEmail } from '../platform/email.ts';

export interface PracticeContact {
  name: string;
  phone: string | null;
  email: string | null;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The words around every email: the contact line, in each language. */
const FRAME = {
  en: {
    contact: 'Questions? Contact {practice}: {ways}.',
    contactNoWays: 'Questions? Contact {practice}.',
    call: 'call {phone}',
    write: 'write to {email}',
    or: ' or ',
  },
  es: {
    contact: '¿Preguntas? Comuníquese con {practice}: {ways}.',
    contactNoWays: '¿Preguntas? Comuníquese con {practice}.',
    call: 'llame al {phone}',
    write: 'escriba a {email}',
    or: ' o ',
  },
} satisfies Record<Language, Record<string, string>>;

/** "Questions? Call … or write to …" — the practice's own contact lines, whichever it has. */
export function contactLine(practice: PracticeContact, language: Language = 'en'): string {
  const words = FRAME[language];
  const ways = [
    practice.phone ? fill(words.call, { phone: practice.phone }) : null,
    practice.email ? fill(words.write, { email: practice.email }) : null,
  ].filter((way): way is string => way !== null);
  return ways.length
    ? fill(words.contact, { practice: practice.name, ways: ways.join(words.or) })
    : fill(words.contactNoWays, { practice: practice.name });
}

interface Body {
  greeting: string;
  paragraphs: string[];
  /** The one thing to do: a link (shown as a button in HTML) or a code. */
  action: { kind: 'link'; label: string; url: string } | { kind: 'code'; label: string; code: string };
  after: string[];
}

function render(practice: PracticeContact, to: string, subject: string, body: Body, language: Language = 'en'): OutgoingEmail {
  const actionText =
    body.action.kind === 'link' ? `${body.action.label}:\n${body.action.url}` : `${body.action.label}: ${body.action.code}`;
  const contact = contactLine(practice, language);
  const text = [body.greeting, '', ...body.paragraphs, '', actionText, '', ...body.after, '', contact, '', practice.name].join('\n');
  const paragraph = (content: string) => `<p style="margin:0 0 16px">${escapeHtml(content)}</p>`;
  const action =
    body.action.kind === 'link'
      ? `<p style="margin:24px 0"><a href="${escapeHtml(body.action.url)}" style="background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(body.action.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#555">${escapeHtml(body.action.url)}</p>`
      : `<p style="margin:0 0 8px">${escapeHtml(body.action.label)}:</p><p style="margin:0 0 24px;font-size:24px;letter-spacing:4px;font-weight:bold">${escapeHtml(body.action.code)}</p>`;
  const html = [
    `<!doctype html><html lang="${language}"><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">`,
    `<h1 style="font-size:20px;margin:0 0 24px">${escapeHtml(practice.name)}</h1>`,
    paragraph(body.greeting),
    ...body.paragraphs.map(paragraph),
    action,
    ...body.after.map(paragraph),
    `<p style="margin:24px 0 0;font-size:14px;color:#444">${escapeHtml(contact)}</p>`,
    '</body></html>',
  ].join('');
  const links = body.action.kind === 'link' ? [body.action.url] : [];
  return { to, subject, text, html, links, fromName: practice.name };
}

/** A client's emails, written for clients in each language (Spanish as a US Spanish-speaking patient reads it). */
const CLIENT_EMAILS = {
  en: {
    invitation: {
      subject: '{practice}: your client portal invitation',
      greeting: 'Hello {firstName},',
      body: '{practice} has invited you to its secure client portal, where you can share your insurance details with the practice.',
      action: 'Set your password',
      expiry: 'The link works once and expires in {days} days.',
      unexpected: 'If you were not expecting this email from {practice}, you can ignore it.',
    },
    reset: {
      subject: '{practice}: your password reset code',
      greeting: 'Hello,',
      body: 'Someone asked to reset the password of your {practice} account. Enter this code on the reset page to choose a new password.',
      action: 'Your code',
      unexpected: 'If you did not ask for this, you can ignore this email: your password stays as it is.',
    },
  },
  es: {
    invitation: {
      subject: '{practice}: su invitación al portal de clientes',
      greeting: 'Hola, {firstName}:',
      body: '{practice} le invita a su portal seguro de clientes, donde puede compartir los datos de su seguro médico con el consultorio.',
      action: 'Crear su contraseña',
      expiry: 'El enlace sirve una sola vez y vence en {days} días.',
      unexpected: 'Si no esperaba este correo de {practice}, puede ignorarlo.',
    },
    reset: {
      subject: '{practice}: su código para cambiar la contraseña',
      greeting: 'Hola:',
      body: 'Alguien pidió cambiar la contraseña de su cuenta de {practice}. Escriba este código en la página para cambiar la contraseña y elija una nueva.',
      action: 'Su código',
      unexpected: 'Si usted no lo pidió, puede ignorar este correo: su contraseña no cambia.',
    },
  },
} satisfies Record<Language, { invitation: Record<string, string>; reset: Record<string, string> }>;

export function portalInvitationEmail(
  practice: PracticeContact,
  to: string,
  firstName: string,
  link: string,
  lifetimeDays: number,
  language: Language = 'en',
): OutgoingEmail {
  const words = CLIENT_EMAILS[language].invitation;
  const values = { practice: practice.name, firstName, days: lifetimeDays };
  return render(
    practice,
    to,
    fill(words.subject, values),
    {
      greeting: fill(words.greeting, values),
      paragraphs: [fill(words.body, values)],
      action: { kind: 'link', label: words.action, url: link },
      after: [fill(words.expiry, values), fill(words.unexpected, values)],
    },
    language,
  );
}

/**
 * The "Forgot password?" code email. `code` is the code itself locally, and Cognito's `{####}` placeholder when
 * the CustomMessage trigger builds the deployed pool's email.
 */
export function passwordResetEmail(practice: PracticeContact, to: string, code: string, language: Language = 'en'): OutgoingEmail {
  const words = CLIENT_EMAILS[language].reset;
  const values = { practice: practice.name };
  return render(
    practice,
    to,
    fill(words.subject, values),
    {
      greeting: words.greeting,
      paragraphs: [fill(words.body, values)],
      action: { kind: 'code', label: words.action, code },
      after: [words.unexpected],
    },
    language,
  );
}

export function colleagueInvitationEmail(
  practice: PracticeContact,
  to: string,
  username: string,
  temporaryPassword: string,
  signInUrl: string,
): OutgoingEmail {
  return render(practice, to, `Your ${practice.name} practice account`, {
    greeting: 'Hello,',
    paragraphs: [
      `Your practice account for ${practice.name} is ready. Sign in with your email (${username}) and this temporary password; you will choose your own password at first sign-in.`,
    ],
    action: { kind: 'code', label: 'Temporary password', code: temporaryPassword },
    after: [`Sign in at ${signInUrl}`],
  });
}

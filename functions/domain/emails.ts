/**
 * Every email the product sends, in one place, as plain text and HTML: the portal invitation, a password-reset
 * code and a colleague's invitation to the dashboard. Each names the practice — its name in the subject and the
 * From display name, its phone and email in the signature — so that it never reads like an anonymous message
 *. Pure: the local runtime builds Cognito's emails with it too.
 */
import type { OutgoingEmail } from '../platform/email.ts';

export interface PracticeContact {
  name: string;
  phone: string | null;
  email: string | null;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** "Questions? Call … or write to …" — the practice's own contact lines, whichever it has. */
export function contactLine(practice: PracticeContact): string {
  const ways = [practice.phone ? `call ${practice.phone}` : null, practice.email ? `write to ${practice.email}` : null].filter(Boolean);
  return ways.length ? `Questions? Contact ${practice.name}: ${ways.join(' or ')}.` : `Questions? Contact ${practice.name}.`;
}

interface Body {
  greeting: string;
  paragraphs: string[];
  /** The one thing to do: a link (shown as a button in HTML) or a code. */
  action: { kind: 'link'; label: string; url: string } | { kind: 'code'; label: string; code: string };
  after: string[];
}

function render(practice: PracticeContact, to: string, subject: string, body: Body): OutgoingEmail {
  const actionText =
    body.action.kind === 'link' ? `${body.action.label}:\n${body.action.url}` : `${body.action.label}: ${body.action.code}`;
  const text = [
    body.greeting,
    '',
    ...body.paragraphs,
    '',
    actionText,
    '',
    ...body.after,
    '',
    contactLine(practice),
    '',
    practice.name,
  ].join('\n');
  const paragraph = (content: string) => `<p style="margin:0 0 16px">${escapeHtml(content)}</p>`;
  const action =
    body.action.kind === 'link'
      ? `<p style="margin:24px 0"><a href="${escapeHtml(body.action.url)}" style="background:#1d4ed8;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(body.action.label)}</a></p><p style="margin:0 0 16px;font-size:13px;color:#555">${escapeHtml(body.action.url)}</p>`
      : `<p style="margin:0 0 8px">${escapeHtml(body.action.label)}:</p><p style="margin:0 0 24px;font-size:24px;letter-spacing:4px;font-weight:bold">${escapeHtml(body.action.code)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;max-width:560px;margin:0 auto;padding:24px">',
    `<h1 style="font-size:20px;margin:0 0 24px">${escapeHtml(practice.name)}</h1>`,
    paragraph(body.greeting),
    ...body.paragraphs.map(paragraph),
    action,
    ...body.after.map(paragraph),
    `<p style="margin:24px 0 0;font-size:14px;color:#444">${escapeHtml(contactLine(practice))}</p>`,
    '</body></html>',
  ].join('');
  const links = body.action.kind === 'link' ? [body.action.url] : [];
  return { to, subject, text, html, links, fromName: practice.name };
}

export function portalInvitationEmail(
  practice: PracticeContact,
  to: string,
  firstName: string,
  link: string,
  lifetimeDays: number,
): OutgoingEmail {
  return render(practice, to, `${practice.name} invites you to its client portal`, {
    greeting: `Hello ${firstName},`,
    paragraphs: [
      `${practice.name} has invited you to its secure client portal, where you can share your insurance details with the practice.`,
    ],
    action: { kind: 'link', label: 'Set your password', url: link },
    after: [
      `The link works once and expires in ${lifetimeDays} days.`,
      `If you were not expecting this email from ${practice.name}, you can ignore it.`,
    ],
  });
}

export function passwordResetEmail(practice: PracticeContact, to: string, code: string): OutgoingEmail {
  return render(practice, to, `${practice.name}: your password reset code`, {
    greeting: 'Hello,',
    paragraphs: [
      `Someone asked to reset the password of your ${practice.name} account. Enter this code on the reset page to choose a new password.`,
    ],
    action: { kind: 'code', label: 'Your code', code },
    after: ['If you did not ask for this, you can ignore this email: your password stays as it is.'],
  });
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

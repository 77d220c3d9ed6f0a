import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emailSender, emailTransport, outboxDir } from './config.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The From display name: the practice's name (the address is the deployment's verified sender). */
  fromName: string;
  /** The links in the text, listed so the local outbox (and its tests) can follow them. */
  links: string[];
}

/** `"Name" <address>`, the name RFC 2047-encoded when it is not plain ASCII (SES takes the header as given). */
export function fromHeader(name: string, address: string): string {
  const printable = /^[\x20-\x7e]*$/.test(name);
  const display = printable ? `"${name.replace(/["\\]/g, '')}"` : `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
  return `${display} <${address}>`;
}

/**
 * The email port. In AWS it sends through SES; on a laptop it writes to the outbox folder, which the local
 * runtime lists at GET /local/outbox. Nothing about the message is logged: it names a person.
 */
export async function sendEmail(email: OutgoingEmail): Promise<void> {
  if (emailTransport() === 'outbox') return writeToOutbox(email);
  const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
  sesClient ??= new SESv2Client({});
  await sesClient.send(
    new SendEmailCommand({
      FromEmailAddress: fromHeader(email.fromName, emailSender()),
      Destination: { ToAddresses: [email.to] },
      Content: {
        Simple: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
        },
      },
    }),
  );
}

const optionalSender = () => process.env.EMAIL_SENDER || undefined;

let sesClient: import('@aws-sdk/client-sesv2').SESv2Client | undefined;

async function writeToOutbox(email: OutgoingEmail): Promise<void> {
  const directory = outboxDir();
  await mkdir(directory, { recursive: true });
  const sentAt = new Date().toISOString();
  const fileName = `${sentAt.replace(/[:.]/g, '-')}-${crypto.randomUUID()}.json`;
  const from = fromHeader(email.fromName, optionalSender() ?? 'no-reply@portal.localhost');
  await writeFile(join(directory, fileName), JSON.stringify({ ...email, from, sentAt }, null, 2), { mode: 0o600 });
}

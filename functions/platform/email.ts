import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emailSender, emailTransport, outboxDir } from './config.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** The links in the text, listed so the local outbox (and its tests) can follow them. */
  links: string[];
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
      FromEmailAddress: emailSender(),
      Destination: { ToAddresses: [email.to] },
      Content: { Simple: { Subject: { Data: email.subject }, Body: { Text: { Data: email.text } } } },
    }),
  );
}

let sesClient: import('@aws-sdk/client-sesv2').SESv2Client | undefined;

async function writeToOutbox(email: OutgoingEmail): Promise<void> {
  const directory = outboxDir();
  await mkdir(directory, { recursive: true });
  const sentAt = new Date().toISOString();
  const fileName = `${sentAt.replace(/[:.]/g, '-')}-${crypto.randomUUID()}.json`;
  await writeFile(join(directory, fileName), JSON.stringify({ ...email, sentAt }, null, 2), { mode: 0o600 });
}

import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Message-ID header (e.g. `<outbox-id@esms-numerique>`): stable across retries so the receiving SMTP can dedupe. */
  messageId?: string;
  /** Files attached to the message (passed to nodemailer as is). */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Where messages go: `smtp://host:port` or the outbox folder. */
  readonly destination: string;
}

export function outboxDir(): string {
  return resolve(process.env['ESMS_OUTBOX_DIR'] ?? resolve(process.env['ESMS_DATA_DIR'] ?? 'data', 'outbox'));
}

const FROM = process.env['MAIL_FROM'] ?? 'ESMS numérique <ne-pas-repondre@esms-numerique.localhost>';

/**
 * SMTP when SMTP_URL is set (e.g. smtp://127.0.0.1:2525); otherwise each message is written as an
 * .eml file in the outbox folder (`npm start` prints its path) so that nothing is lost in dev.
 */
export function createMailer(smtpUrl = process.env['SMTP_URL']): Mailer {
  if (smtpUrl) {
    const transport = nodemailer.createTransport(smtpUrl);
    const { host, port } = new URL(smtpUrl);
    return {
      destination: `smtp://${host}:${port}`,
      async send(message) {
        await transport.sendMail({ from: FROM, ...message });
      },
    };
  }
  const dir = outboxDir();
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    destination: dir,
    async send(message) {
      const info = await transport.sendMail({ from: FROM, ...message });
      await mkdir(dir, { recursive: true });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const safeTo = message.to.replace(/[^a-zA-Z0-9@._-]/g, '_');
      await writeFile(resolve(dir, `${stamp}-${safeTo}.eml`), info.message as Buffer);
    },
  };
}

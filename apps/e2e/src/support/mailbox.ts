import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { stackInfo } from './stack-file';

/**
 * The e-mails the platform sent, as received by the real SMTP test server of the global set-up
 * (one .eml file per message in <dataDir>/smtp).
 */
export async function receivedMails(): Promise<ParsedMail[]> {
  const dir = join(stackInfo().dataDir, 'smtp');
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
}

/** Waits (up to `timeoutMs`) for a message to `to` whose subject matches. */
export async function waitForMail(to: string, subject: RegExp, timeoutMs = 15_000): Promise<ParsedMail> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const mails = await receivedMails();
    const found = mails.reverse().find((m) => subject.test(m.subject ?? '') && JSON.stringify(m.to ?? '').toLowerCase().includes(to.toLowerCase()));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no e-mail to ${to} matching ${subject} within ${timeoutMs} ms`);
}

/** The first link of a message's text that starts with `prefix`. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const text = `${mail.text ?? ''}\n${typeof mail.html === 'string' ? mail.html : ''}`;
  const match = text.match(new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s"'<>]*`));
  if (!match) throw new Error(`no link starting with ${prefix} in "${mail.subject}"`);
  return match[0].replace(/&amp;/g, '&');
}

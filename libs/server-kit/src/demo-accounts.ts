import { createHash } from 'node:crypto';

/**
 * DEMO ONLY (ESMS_DEMO=1): deterministic ids of the demo accounts, so that every subgraph's demo data names the
 * same people without asking the annuaire. The annuaire seeds each demo account with `demoAccountId(email)` as
 * its id; the candidature demo stores these ids as `porteur_account_id` and as event actors, so e-mails to "the
 * porteur of the file" reach a real demo account.
 */

/** The demo porteur of the README (`porteur@demo…`), attached to the first Normandie organisme of the demo flow. */
export const DEMO_MAIN_PORTEUR_EMAIL = 'porteur@demo.esms-numerique.fr';
/** FINESS EJ of that organisme in tools/demo-data/demo-structures.json (ANES), when the caller does not say. */
export const DEMO_MAIN_PORTEUR_ORGANISME = '140599267';
export const DEMO_EMAIL_DOMAIN = 'demo.esms-numerique.fr';

/** A UUID (version 5 layout) made from the SHA-1 of the lower-cased, trimmed e-mail: same e-mail, same id, everywhere. */
export function demoAccountId(email: string): string {
  const bytes = createHash('sha1').update(email.trim().toLowerCase()).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50; // version 5 (name-based, SHA-1)
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The demo porteur account of an organisme gestionnaire: the main demo organisme (the first Normandie organisme
 * of the demo flow) belongs to `porteur@demo…`; every other demo organisme has its own `porteur.<finessEj>@demo…`.
 */
export function demoPorteurEmail(finessEj: string, mainOrganisme: string | null = DEMO_MAIN_PORTEUR_ORGANISME): string {
  const ej = finessEj.trim().toUpperCase();
  if (mainOrganisme && ej === mainOrganisme.trim().toUpperCase()) return DEMO_MAIN_PORTEUR_EMAIL;
  return `porteur.${ej.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`;
}

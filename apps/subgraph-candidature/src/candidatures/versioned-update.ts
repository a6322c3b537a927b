import { conflict, type SubgraphContext } from '@esms/server-kit';
import type { EntityManager } from 'typeorm';
import { accountContacts } from '../queue/annuaire-lookups';
import type { CandidatureRow } from './candidature.entity';
import { mapCandidature } from './candidature.repository';

/* eslint-disable @typescript-eslint/no-explicit-any */

// Optimistic locking of a file (issue 8 line 13): every change moves `version` with a conditional UPDATE, and a
// stale version is a CONFLICT that says who changed the file and when. One implementation for every change.

const ROLE_LABELS: Record<string, string> = { PORTEUR: 'un membre de votre organisme', INSTRUCTEUR: "l'ARS", CNSA: 'la CNSA', SYSTEM: 'la plateforme' };

function parisTime(at: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' }).format(at);
}

/** CONFLICT naming who changed the file and when (its last event), asking to reload. */
export async function staleVersionConflict(db: SubgraphContext['db'] | EntityManager, id: string, callerSub?: string | null): Promise<never> {
  const rows: any[] = await db.query(`SELECT actor_id, actor_role, at FROM candidature_event WHERE candidature_id = $1 ORDER BY at DESC, id DESC LIMIT 1`, [id]);
  const last = rows[0];
  // A colleague of the organisme is named (annuaire display name; the account id when the annuaire cannot answer).
  const colleague = last?.actor_role === 'PORTEUR' && last.actor_id && last.actor_id !== callerSub ? String(last.actor_id) : null;
  const name = colleague ? (await accountContacts([colleague]))?.[colleague]?.displayName : null;
  const who = !last
    ? 'une autre personne'
    : last.actor_role === 'PORTEUR' && last.actor_id && last.actor_id === callerSub
      ? 'vous-même (dans un autre onglet)'
      : `${ROLE_LABELS[last.actor_role] ?? 'une autre personne'}${colleague ? ` (${name ? name : `compte ${colleague}`})` : ''}`;
  const when = last ? ` le ${parisTime(new Date(last.at))}` : '';
  throw conflict(`La candidature a été modifiée entre-temps par ${who}${when} : rechargez la page pour voir la dernière version, puis refaites votre modification.`);
}

/** `UPDATE … WHERE id AND version` inside the transaction; CONFLICT when someone changed the file in between. */
export async function bumpVersion(m: EntityManager, id: string, expected: number, callerSub?: string | null, set: Record<string, unknown> = {}): Promise<CandidatureRow> {
  const columns = Object.keys(set);
  const assignments = columns.map((c, i) => `${c} = $${i + 3}`);
  const rows: any[] = await m.query(
    `UPDATE candidature SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1 AND version = $2 RETURNING *`,
    [id, expected, ...columns.map((c) => set[c])],
  );
  const updated = Array.isArray(rows[0]) ? rows[0] : rows;
  if (!updated.length) await staleVersionConflict(m, id, callerSub);
  return mapCandidature(updated[0]);
}

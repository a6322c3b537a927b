import { STATE_LABELS, type FilePart, type LifecycleRole } from '@esms/domain';
import { conflict, forbidden, requireRole, type SubgraphContext } from '@esms/server-kit';
import type { EntityManager } from 'typeorm';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { mapCandidature } from '../candidatures/candidature.repository';
import { readableCandidature } from '../candidatures/candidature.service';
import { editablePartsFor } from '../dialogue/editable-parts';
import { accountContacts } from '../queue/annuaire-lookups';

/* eslint-disable @typescript-eslint/no-explicit-any */

const PART_LABELS: Record<string, string> = {
  identity: 'Les réponses du dossier',
  grappe: 'La grappe',
  saad: 'La déclaration SAAD',
  pieces: 'Les pièces',
  solution: 'La solution',
  funding: 'Le financement',
};

/** The porteur's file, editable for `parts` now (domain `editableParts`, narrowed to the parts reopened by a complement request); NOT_FOUND out of scope. */
export async function editableByPorteur(ctx: SubgraphContext, id: string, parts: FilePart[]): Promise<{ row: CandidatureRow; role: LifecycleRole }> {
  requireRole(ctx, 'PORTEUR');
  const row = await readableCandidature(ctx, id);
  const role = actingRole(ctx.claims, row);
  if (role !== 'PORTEUR') throw forbidden("Seul le porteur de cette candidature peut la modifier.");
  const allowed = await editablePartsFor(ctx.db, row, role);
  for (const part of parts) {
    if (!allowed.includes(part)) {
      const why = row.state === 'COMPLEMENT_REQUESTED' ? " : l'ARS n'a pas rouvert cette partie dans sa demande de compléments" : ` à l'état « ${STATE_LABELS[row.state]} »`;
      const verb = part === 'pieces' ? 'ne sont pas modifiables' : "n'est pas modifiable";
      throw conflict(`${PART_LABELS[part] ?? 'Cette partie'} ${verb}${why}.`);
    }
  }
  return { row, role };
}

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

/** Version check before any work (nothing changes on a stale version). */
export async function checkExpectedVersion(ctx: SubgraphContext, row: CandidatureRow, expected: number): Promise<void> {
  if (row.version !== expected) await staleVersionConflict(ctx.db, row.id, ctx.claims.sub);
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

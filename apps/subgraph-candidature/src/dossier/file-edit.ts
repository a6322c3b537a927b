import { STATE_LABELS, type FilePart, type LifecycleRole } from '@esms/domain';
import { conflict, forbidden, requireRole, type SubgraphContext } from '@esms/server-kit';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { readableCandidature } from '../candidatures/candidature.service';
import { editablePartsFor } from '../dialogue/editable-parts';
import { staleVersionConflict } from '../candidatures/versioned-update';

/* eslint-disable @typescript-eslint/no-explicit-any */

export { bumpVersion, staleVersionConflict } from '../candidatures/versioned-update';

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

/** Version check before any work (nothing changes on a stale version). */
export async function checkExpectedVersion(ctx: SubgraphContext, row: CandidatureRow, expected: number): Promise<void> {
  if (row.version !== expected) await staleVersionConflict(ctx.db, row.id, ctx.claims.sub);
}

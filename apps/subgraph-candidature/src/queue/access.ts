import type { LifecycleRole } from '@esms/domain';
import { forbidden, requireRole, type SubgraphContext } from '@esms/server-kit';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { readableCandidature } from '../candidatures/candidature.service';
import type { QueueFacts } from './queue-facts.mapping';

export type QueueRow = CandidatureRow & Partial<QueueFacts>;

/** A file the caller acts on as instructeur (pivot ARS) or CNSA (national desk): NOT_FOUND out of scope, FORBIDDEN read-only. */
export async function instructedCandidature(ctx: SubgraphContext, id: string): Promise<{ row: QueueRow; role: LifecycleRole }> {
  requireRole(ctx, 'INSTRUCTEUR', 'CNSA');
  const row = await readableCandidature(ctx, id);
  const role = actingRole(ctx.claims, row);
  if (role !== 'INSTRUCTEUR' && role !== 'CNSA') {
    throw forbidden('Vous consultez ce dossier en lecture seule : seule l’ARS pivot (ou la CNSA au guichet national) peut agir dessus.');
  }
  return { row, role };
}

/** A file the caller acts on as porteur. */
export async function porteurCandidature(ctx: SubgraphContext, id: string): Promise<QueueRow> {
  requireRole(ctx, 'PORTEUR');
  const row = await readableCandidature(ctx, id);
  if (actingRole(ctx.claims, row) !== 'PORTEUR') throw forbidden('Seul le porteur du dossier peut faire cette action.');
  return row;
}

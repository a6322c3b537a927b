import { editableParts, type LifecycleRole } from '@esms/domain';
import { conflict, forbidden, notFound, requireRole, type SubgraphContext } from '@esms/server-kit';
import { STATE_LABELS } from '@esms/domain';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { isUuid, mapCandidature } from '../candidatures/candidature.repository';
import { readableCandidature } from '../candidatures/candidature.service';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Scopes of a DUI editor's API token: `measurements:write:<candidatureId>` (issued by the porteur or the
 * instructeur for ONE project, see the annuaire identity) — also lets the editor read back that project's
 * measurements. A token without the exact scope is answered like a non-existent project (NOT_FOUND).
 */
export const measurementScope = (candidatureId: string, access: 'read' | 'write' = 'write') => `measurements:${access}:${candidatureId.toLowerCase()}`;

function apiClientMay(ctx: SubgraphContext, id: string, access: 'read' | 'write'): boolean {
  const scopes = ctx.claims.scopes ?? [];
  if (scopes.includes(measurementScope(id, 'write'))) return true;
  return access === 'read' && scopes.includes(measurementScope(id, 'read'));
}

async function unscopedCandidature(ctx: SubgraphContext, id: string): Promise<CandidatureRow | null> {
  if (!isUuid(id)) return null;
  const rows: any[] = await ctx.db.query(`SELECT c.* FROM candidature c WHERE c.id = $1`, [id.toLowerCase()]);
  return rows[0] ? mapCandidature(rows[0]) : null;
}

const NOT_FOUND = "Cette candidature n'existe pas ou vous n'y avez pas accès.";

/** A file the caller may read the follow-up of: its scope (people) or the token's project (API clients). */
export async function followUpReadable(ctx: SubgraphContext, id: string): Promise<CandidatureRow> {
  if (ctx.claims.role === 'API_CLIENT') {
    const row = apiClientMay(ctx, id, 'read') ? await unscopedCandidature(ctx, id) : null;
    if (!row) throw notFound(NOT_FOUND);
    return row;
  }
  return readableCandidature(ctx, id);
}

/**
 * Who may write the monthly measurements: the porteur of the file, or a DUI editor's token scoped to this project
 * (it acts for the porteur); only in the states where the domain makes `usageMeasurements` editable.
 */
export async function measurementWriter(ctx: SubgraphContext, id: string): Promise<{ row: CandidatureRow; role: LifecycleRole; source: 'API' | 'FORM' }> {
  let row: CandidatureRow;
  let source: 'API' | 'FORM';
  if (ctx.claims.role === 'API_CLIENT') {
    const found = apiClientMay(ctx, id, 'write') ? await unscopedCandidature(ctx, id) : null;
    if (!found) throw notFound(NOT_FOUND);
    row = found;
    source = 'API';
  } else {
    requireRole(ctx, 'PORTEUR', 'INSTRUCTEUR', 'CNSA');
    row = await readableCandidature(ctx, id);
    if (actingRole(ctx.claims, row) !== 'PORTEUR') throw forbidden('Seul le porteur du projet (ou l’éditeur de son DUI, avec un jeton d’API) saisit les mesures d’usage.');
    source = 'FORM';
  }
  if (!editableParts(row.state, 'PORTEUR').includes('usageMeasurements')) {
    throw conflict(
      `Les mesures d’usage ne sont pas modifiables à l’état « ${STATE_LABELS[row.state]} » : elles se saisissent une fois l’avance versée, pendant le déploiement.`,
    );
  }
  return { row, role: 'PORTEUR', source };
}

/** The porteur acting on its own file (expense statement, balance request, deployment start). */
export async function porteurActor(ctx: SubgraphContext, id: string): Promise<CandidatureRow> {
  requireRole(ctx, 'PORTEUR', 'INSTRUCTEUR', 'CNSA');
  const row = await readableCandidature(ctx, id);
  if (actingRole(ctx.claims, row) !== 'PORTEUR') throw forbidden('Seul le porteur du projet peut faire cette démarche.');
  return row;
}

/** The pivot ARS instructeur (or the CNSA at the national desk) acting on the file (payments, balance). */
export async function instructionActor(ctx: SubgraphContext, id: string): Promise<{ row: CandidatureRow; role: LifecycleRole }> {
  requireRole(ctx, 'PORTEUR', 'INSTRUCTEUR', 'CNSA');
  const row = await readableCandidature(ctx, id);
  const role = actingRole(ctx.claims, row);
  if (role !== 'INSTRUCTEUR' && role !== 'CNSA') throw forbidden('Seule l’ARS pivot (ou la CNSA au guichet national) enregistre les versements et valide le solde.');
  return { row, role };
}

import { randomUUID } from 'node:crypto';
import {
  availableActions as domainAvailableActions,
  balanceConditions,
  checkFiness,
  computeFunding,
  deskFor,
  DomainValidationError,
  editableParts,
  eligibilityReport,
  isSubmissionOnTime,
  LifecycleError,
  STATE_LABELS,
  TRANSITIONS,
  transition,
  trackOf,
  windowAt,
  type CandidatureState,
  type EligibilityEssms,
  type EligibilityItem,
  type FundingResult,
  type LifecycleAction,
  type LifecycleContext,
  type LifecycleRole,
  type PastFunding,
  type SoftwareSolution,
} from '@esms/domain';
import { badInput, conflict, forbidden, notFound, requireRole, type SubgraphContext } from '@esms/server-kit';
import type { EntityManager } from 'typeorm';
import { actingRole } from '../authorization/candidature-scope';
import { editablePartsFor } from '../dialogue/editable-parts';
import { refreshQueueFacts } from '../queue/queue-facts';
import { duiSolutionFacts, establishmentFacts, type EstablishmentFacts } from '../annuaire/annuaire-client';
import { CampaignRow } from '../campaigns/campaign.entity';
import { fundingFor, MAX_SIMULATED_ESSMS } from '../funding-simulation/funding.service';
import { FundingHistoryRow } from '../funding-history/funding-history.entity';
import { loadEligibilityFacts } from '../dossier/dossier.service';
import { loadPieces, presentCodes } from '../pieces/pieces.service';
import type { CandidatureEventRow, CandidatureRow, GrappeMemberRow } from './candidature.entity';
import { actionLabel, candidatureReference } from './candidature.labels';
import { bumpVersion } from './versioned-update';
import { insertEvent, isUuid, loadEvents, loadMembers, mapCandidature, scopedCandidatureLoader } from './candidature.repository';
import type { CreateCandidatureInput, GrappeMemberInput } from './candidature.types';

/* eslint-disable @typescript-eslint/no-explicit-any */

const LIFECYCLE_ACTIONS = new Set<string>(TRANSITIONS.map((t) => t.action));

/** A readable candidature (scope checked in SQL) or NOT_FOUND. */
export async function readableCandidature(ctx: SubgraphContext, id: string): Promise<CandidatureRow> {
  const row = isUuid(id) ? await scopedCandidatureLoader(ctx).load(id) : null;
  if (!row) throw notFound("Cette candidature n'existe pas ou vous n'y avez pas accès.");
  return row;
}

/** A candidature the caller may act on: NOT_FOUND when out of scope, FORBIDDEN when it may only read it. */
async function actableCandidature(ctx: SubgraphContext, id: string): Promise<{ row: CandidatureRow; role: LifecycleRole }> {
  requireRole(ctx, 'PORTEUR', 'INSTRUCTEUR', 'CNSA');
  const row = await readableCandidature(ctx, id);
  const role = actingRole(ctx.claims, row);
  if (!role) throw forbidden('Vous consultez ce dossier en lecture seule : seule l’ARS pivot (ou la CNSA au guichet national) peut agir dessus.');
  return { row, role };
}

/** `UPDATE … WHERE id AND version`: CONFLICT when someone changed the file in between. */
function checkVersion(row: CandidatureRow, expected: number | null | undefined): number {
  if (expected != null && expected !== row.version) {
    throw conflict('La candidature a été modifiée entre-temps par une autre personne : rechargez-la puis recommencez.');
  }
  return expected ?? row.version;
}

export async function createCandidature(ctx: SubgraphContext, input: CreateCandidatureInput): Promise<CandidatureRow> {
  const claims = requireRole(ctx, 'PORTEUR');
  const ej = checkFiness(input.organismeFinessEj);
  if (!ej.ok) throw badInput(`Organisme gestionnaire : ${ej.reason}`, { field: 'organismeFinessEj' });
  if (!claims.organismes.includes(ej.finess)) {
    throw forbidden(`Votre compte n'agit pas pour l'organisme ${ej.finess} : choisissez l'un de vos organismes ou demandez son rattachement.`);
  }
  const title = input.title.trim();
  if (!title || title.length > 200) throw badInput('Donnez un titre au projet (200 caractères au plus).', { field: 'title' });
  const id = randomUUID();
  return ctx.db.transaction(async (m) => {
    const seqRows: any[] = await m.query(`UPDATE campaign SET reference_seq = reference_seq + 1 WHERE id = $1 RETURNING reference_seq, region_code, year`, [
      input.campaignId,
    ]);
    const seq = Array.isArray(seqRows[0]) ? seqRows[0][0] : seqRows[0];
    if (!seq) throw notFound("Cette campagne n'existe pas : choisissez une campagne dans la liste.");
    const reference = candidatureReference(seq.region_code, Number(seq.year), Number(seq.reference_seq));
    const rows: any[] = await m.query(
      `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6, 'DRAFT', 'REGIONAL', $7, 'regional', 1, now(), now()) RETURNING *`,
      [id, reference, input.campaignId, claims.sub ?? 'inconnu', [ej.finess], title, seq.region_code],
    );
    await insertEvent(m, { candidatureId: id, actorId: claims.sub, actorRole: 'PORTEUR', action: 'create', fromState: null, toState: 'DRAFT' });
    return mapCandidature(rows[0]);
  });
}

interface PreparedMember {
  finess: string;
  situation: 'ACQUISITION' | 'UPGRADE';
  currentDui: string | null;
  chosenSolutionId: string | null;
  saadTotalHours: number | null;
  saadMedicoSocialHours: number | null;
  hardwareQuote: number | null;
  nationalEntity: string | null;
  regionCode: string;
  finessEj: string | null;
}

function prepareMember(input: GrappeMemberInput, i: number): PreparedMember {
  const c = checkFiness(input.finess);
  if (!c.ok) throw badInput(c.reason, { field: `members[${i}].finess`, finess: input.finess });
  if (!c.regionCode) throw badInput(`L'ESSMS ${c.finess} ne relève d'aucune ARS : il ne peut pas entrer dans une grappe.`, { field: `members[${i}].finess` });
  let finessEj: string | null = null;
  if (input.finessEj) {
    const ej = checkFiness(input.finessEj);
    if (!ej.ok) throw badInput(`Organisme gestionnaire de ${c.finess} : ${ej.reason}`, { field: `members[${i}].finessEj` });
    finessEj = ej.finess;
  }
  const text = (v: string | null | undefined, max = 200) => {
    const t = v?.trim();
    if (t && t.length > max) throw badInput(`Texte trop long pour l'ESSMS ${c.finess} (${max} caractères au plus).`, { field: `members[${i}]` });
    return t || null;
  };
  return {
    finess: c.finess,
    situation: input.situation,
    currentDui: text(input.currentDui),
    chosenSolutionId: text(input.chosenSolutionId, 120),
    saadTotalHours: input.saadTotalHours ?? null,
    saadMedicoSocialHours: input.saadMedicoSocialHours ?? null,
    hardwareQuote: input.hardwareQuote ?? null,
    nationalEntity: text(input.nationalEntity),
    regionCode: c.regionCode,
    finessEj,
  };
}

const memberToFunding = (m: Pick<GrappeMemberRow, 'finess' | 'regionCode' | 'situation' | 'finessEj' | 'hardwareQuote' | 'saadTotalHours' | 'saadMedicoSocialHours'>) => ({
  finess: m.finess,
  regionCode: m.regionCode,
  situation: m.situation,
  ...(m.finessEj ? { organismeFinessEj: m.finessEj } : {}),
  ...(m.hardwareQuote != null ? { hardwareQuote: m.hardwareQuote } : {}),
  ...(m.saadTotalHours != null ? { saadTotalHours: m.saadTotalHours } : {}),
  ...(m.saadMedicoSocialHours != null ? { saadMedicoSocialHours: m.saadMedicoSocialHours } : {}),
});

/** Desk, pivot, track and ranks recomputed by the domain from all the members; written in the transaction. */
export async function recomputeGrappe(m: EntityManager, row: CandidatureRow): Promise<void> {
  const members = await loadMembers(m, row.id);
  let ranks = new Map<string, number>();
  try {
    const funding = computeFunding({ essms: members.map(memberToFunding) });
    ranks = new Map(funding.lines.map((l) => [l.finess, l.rank]));
  } catch (error) {
    if (error instanceof DomainValidationError) throw badInput(error.message, { field: error.field });
    throw error;
  }
  for (const member of members) {
    await m.query(`UPDATE grappe_member SET rank = $2 WHERE id = $1`, [member.id, ranks.get(member.finess) ?? null]);
  }
  const campaignRegion = ((await m.query(`SELECT region_code FROM campaign WHERE id = $1`, [row.campaignId])) as any[])[0]?.region_code;
  const regions = new Set(members.map((x) => x.regionCode));
  const keepPivot = row.pivotRegion && regions.has(row.pivotRegion) ? row.pivotRegion : undefined;
  const desk = members.length
    ? deskFor(members.map((x) => ({ finess: x.finess, regionCode: x.regionCode })), { pivotRegion: keepPivot, headOfficeRegion: campaignRegion })
    : null;
  await m.query(`UPDATE candidature SET desk = $2, pivot_region = $3, track = $4 WHERE id = $1`, [
    row.id,
    desk?.desk ?? 'REGIONAL',
    desk ? desk.pivotRegion : campaignRegion,
    desk?.track ?? 'regional',
  ]);
  await refreshQueueFacts(m, row.id); // queue facts (total, count, flags) recomputed by the domain
}

async function ensureEditable(db: SubgraphContext['db'], row: CandidatureRow, role: LifecycleRole) {
  // Domain `editableParts`, narrowed to the parts reopened by a complement request (src/dialogue/editable-parts.ts).
  if (!(await editablePartsFor(db, row, role)).includes('grappe')) {
    throw conflict(
      row.state === 'COMPLEMENT_REQUESTED' && editableParts(row.state, role).includes('grappe')
        ? "La grappe ne fait pas partie des compléments demandés par l'ARS : elle n'est pas modifiable."
        : `La grappe n'est plus modifiable à l'état « ${STATE_LABELS[row.state]} ».`,
    );
  }
}

/**
 * The organisme and region of each ESSMS are the annuaire's, never the client's: the small-organisme rules
 * (hardware, AMOA) read them. A closed ESSMS is refused; one the annuaire does not know keeps no organisme.
 * When the annuaire cannot answer, the declared organisme is kept (checked again by the queue facts).
 */
async function withAnnuaireFacts(prepared: PreparedMember[]): Promise<PreparedMember[]> {
  const facts = (await establishmentFacts(prepared.map((p) => p.finess))) as Record<string, EstablishmentFacts & { closed?: boolean }> | null;
  if (!facts) return prepared;
  return prepared.map((p, i) => {
    const f = facts[p.finess];
    if (f?.closed) throw badInput(`L'ESSMS ${p.finess}${f.name ? ` (${f.name})` : ''} est fermé dans le FINESS : il ne peut pas entrer dans la grappe.`, { field: `members[${i}].finess` });
    return { ...p, finessEj: f?.finessEj ?? null, regionCode: f?.regionCode ?? p.regionCode };
  });
}

export async function addGrappeMembers(
  ctx: SubgraphContext,
  id: string,
  inputs: GrappeMemberInput[],
  expectedVersion: number | null | undefined,
): Promise<CandidatureRow> {
  const { row, role } = await actableCandidature(ctx, id);
  await ensureEditable(ctx.db, row, role);
  if (!inputs.length) throw badInput('Ajoutez au moins un ESSMS.', { field: 'members' });
  if (inputs.length > MAX_SIMULATED_ESSMS) throw badInput(`Ajoutez au plus ${MAX_SIMULATED_ESSMS} ESSMS à la fois.`, { field: 'members' });
  const prepared = await withAnnuaireFacts(inputs.map(prepareMember));
  // Rule checks (hours, quotes) before any write.
  try {
    computeFunding({ essms: prepared.map((p) => memberToFunding(p)) });
  } catch (error) {
    if (error instanceof DomainValidationError) throw badInput(error.message.replace(/essms\[/g, 'members['), { field: error.field.replace('essms', 'members') });
    throw error;
  }
  const expected = checkVersion(row, expectedVersion);
  await ctx.db.transaction(async (m) => {
    const updated = await bumpVersion(m, row.id, expected, ctx.claims.sub);
    const count = Number(((await m.query(`SELECT count(*)::int AS n FROM grappe_member WHERE candidature_id = $1`, [row.id])) as any[])[0].n);
    if (count + prepared.length > MAX_SIMULATED_ESSMS) throw badInput(`Une grappe compte au plus ${MAX_SIMULATED_ESSMS} ESSMS.`, { field: 'members' });
    for (const p of prepared) {
      await m.query(
        `INSERT INTO grappe_member (candidature_id, finess, situation, current_dui, chosen_solution_id, saad_total_hours, saad_medico_social_hours, hardware_quote, national_entity, region_code, finess_ej)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (candidature_id, finess) DO UPDATE SET situation = EXCLUDED.situation, current_dui = EXCLUDED.current_dui,
           chosen_solution_id = EXCLUDED.chosen_solution_id, saad_total_hours = EXCLUDED.saad_total_hours,
           saad_medico_social_hours = EXCLUDED.saad_medico_social_hours, hardware_quote = EXCLUDED.hardware_quote,
           national_entity = EXCLUDED.national_entity, region_code = EXCLUDED.region_code, finess_ej = EXCLUDED.finess_ej`,
        [row.id, p.finess, p.situation, p.currentDui, p.chosenSolutionId, p.saadTotalHours, p.saadMedicoSocialHours, p.hardwareQuote, p.nationalEntity, p.regionCode, p.finessEj],
      );
    }
    await recomputeGrappe(m, updated);
    await insertEvent(m, {
      candidatureId: row.id,
      actorId: ctx.claims.sub,
      actorRole: role,
      action: 'edit_grappe',
      fromState: row.state,
      toState: row.state,
      details: { added: prepared.map((p) => p.finess) },
    });
  });
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

export async function removeGrappeMembers(ctx: SubgraphContext, id: string, finess: string[], expectedVersion: number | null | undefined): Promise<CandidatureRow> {
  const { row, role } = await actableCandidature(ctx, id);
  await ensureEditable(ctx.db, row, role);
  const normalized = finess.map((f) => f.trim().toUpperCase());
  const expected = checkVersion(row, expectedVersion);
  await ctx.db.transaction(async (m) => {
    const updated = await bumpVersion(m, row.id, expected, ctx.claims.sub);
    await m.query(`DELETE FROM grappe_member WHERE candidature_id = $1 AND finess = ANY($2::text[])`, [row.id, normalized]);
    await recomputeGrappe(m, updated);
    await insertEvent(m, { candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action: 'remove_grappe_members', fromState: row.state, toState: row.state, details: { removed: normalized } });
  });
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

async function campaignOf(ctx: SubgraphContext | { db: EntityManager }, row: CandidatureRow): Promise<CampaignRow> {
  const campaign = await (ctx.db as any).getRepository(CampaignRow).findOneBy({ id: row.campaignId });
  if (!campaign) throw notFound("La campagne de cette candidature n'existe plus.");
  return campaign;
}

/** 003 §4.6: the instructeur reopened the file (traced) after declaring it non recevable. */
function reopenedByInstructeur(events: CandidatureEventRow[]): boolean {
  const lastReopen = events.filter((e) => e.action === 'reopen').at(-1);
  const lastNonRecevable = events.filter((e) => e.action === 'declare_non_recevable').at(-1);
  return !!lastReopen && (!lastNonRecevable || lastReopen.at >= lastNonRecevable.at);
}

/** Facts the lifecycle guards need, known for this file now. */
export async function lifecycleContext(ctx: SubgraphContext, row: CandidatureRow, now: Date, reason?: string | null): Promise<LifecycleContext> {
  const campaign = await campaignOf(ctx, row);
  const events = await loadEvents(ctx.db, row.id);
  const report = await eligibilityFor(ctx, row);
  return {
    submissionOnTime: isSubmissionOnTime(trackOf(campaign.calendar, row.track), now),
    reopenedByInstructeur: reopenedByInstructeur(events),
    blockingEligibility: report.blocking,
    reason: reason ?? undefined,
    // Usage measurements and expense statements come with the payment journey: nothing proven yet.
    missingBalanceConditions: balanceConditions({ targetsReached: false, certifiedExpenseStatement: false }),
  };
}

export function lifecycleFailure(error: unknown): never {
  if (error instanceof LifecycleError) {
    if (error.code === 'FORBIDDEN_ROLE') throw forbidden(error.message);
    if (error.code === 'UNKNOWN_TRANSITION') throw conflict(error.message);
    throw badInput(error.message, { reason: error.code });
  }
  throw error;
}

/**
 * Lifecycle actions that carry money or a document have their own mutation, which records what the state change
 * depends on (the convention and its advance, the payment, the expense statement and the usage targets). The generic
 * action would move the state without it, so it refuses them, says which mutation to use, and does not offer them.
 */
export const DEDICATED_FLOWS: Partial<Record<string, string>> = {
  sign_convention: 'générez la convention puis enregistrez sa date de signature depuis l’onglet Convention (generateConvention, signConvention) : elle rend l’avance de 50 % exigible',
  pay_advance: 'enregistrez le versement depuis l’onglet Suivi et paiements (recordPayment)',
  pay_balance: 'validez puis enregistrez le versement du solde depuis l’onglet Suivi et paiements (validateBalance, recordPayment)',
  request_balance: 'demandez le solde depuis la page Suivi (requestBalance) : elle vérifie les cibles d’usage et l’état des dépenses',
};

export async function fireAction(
  ctx: SubgraphContext,
  id: string,
  action: string,
  comment: string | null | undefined,
  expectedVersion: number | null | undefined,
): Promise<CandidatureRow> {
  if (!LIFECYCLE_ACTIONS.has(action)) {
    throw badInput(`Action inconnue « ${action} » : choisissez parmi ${[...LIFECYCLE_ACTIONS].join(', ')}.`, { field: 'action' });
  }
  if (comment && comment.length > 4000) throw badInput('Le commentaire compte au plus 4 000 caractères.', { field: 'comment' });
  const { row, role } = await actableCandidature(ctx, id);
  const dedicated = DEDICATED_FLOWS[action];
  if (dedicated) throw badInput(`Cette action ne se fait pas ici : ${dedicated}.`, { field: 'action' });
  const now = new Date();
  const lifecycle = await lifecycleContext(ctx, row, now, comment);
  if (action === 'submit' && row.state === 'DRAFT') {
    const members = await loadMembers(ctx.db, row.id);
    if (!members.length) throw badInput('Ajoutez au moins un ESSMS à la grappe avant de déposer la candidature.', { field: 'members' });
  }
  let to: CandidatureState;
  try {
    to = transition(row.state, action as LifecycleAction, role, lifecycle);
  } catch (error) {
    lifecycleFailure(error);
  }
  const expected = checkVersion(row, expectedVersion);
  const set: Record<string, unknown> = { state: to };
  if (action === 'submit' || action === 'provide_complement') {
    const campaign = await campaignOf(ctx, row);
    const track = trackOf(campaign.calendar, row.track);
    if (action === 'submit') {
      set['submitted_at'] = now;
      set['window_code'] = windowAt(track, now)?.code ?? null;
    }
  }
  await ctx.db.transaction(async (m) => {
    await bumpVersion(m, row.id, expected, ctx.claims.sub, set);
    await insertEvent(m, {
      candidatureId: row.id,
      actorId: ctx.claims.sub,
      actorRole: role,
      action: action as LifecycleAction, // checked against LIFECYCLE_ACTIONS above
      fromState: row.state,
      toState: to,
      at: now,
      details: { ...(comment?.trim() ? { comment: comment.trim() } : {}), ...(set['window_code'] ? { windowCode: set['window_code'] } : {}) },
    });
  });
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

// ---------- computed views ----------

export async function candidatureFunding(ctx: SubgraphContext, row: CandidatureRow): Promise<FundingResult> {
  const members = await loadMembers(ctx.db, row.id);
  return fundingFor(members.map(memberToFunding), row.amoaRequested);
}

const UNCHOSEN = '(solution non renseignée)';

function solutionOf(member: GrappeMemberRow, facts: Record<string, any> | null): SoftwareSolution | null {
  if (!member.chosenSolutionId) return null;
  const f = facts?.[member.chosenSolutionId];
  if (!f) return null;
  return {
    name: String(f.product), // the product, whatever its version: an upgrade keeps the same software (E03/E04)
    editor: f.editor,
    referencing: f.referencingStatus === 'REFERENCED' ? 'REFERENCED' : f.referencingStatus === 'IN_PROGRESS' ? 'IN_PROGRESS' : 'NOT_REFERENCED',
    couloir: f.couloir === 'MEDICO_SOCIAL' ? 'MEDICO_SOCIAL' : f.couloir === 'HOSPITALIER' || f.couloir === 'HOPITAL' ? 'HOPITAL' : 'OTHER',
    vague: Number(f.vague) || 0,
  };
}

export interface EligibilityView {
  blocking: boolean;
  items: (EligibilityItem & { finess?: string })[];
  conditions: EligibilityItem[];
  warnings: EligibilityItem[];
  notices: string[];
}

/**
 * `eligibilityReport` of the domain, fed with the grappe, the funding history per FINESS (E03–E05) and the
 * annuaire's facts (categories, solution referencing). Platform adaptations, stated in `notices`:
 * - a solution the annuaire cannot describe (or not chosen yet) is reported E08 TO_CHECK instead of KO.
 */
export async function eligibilityFor(ctx: SubgraphContext, row: CandidatureRow): Promise<EligibilityView> {
  const members = await loadMembers(ctx.db, row.id);
  const notices: string[] = [];
  const finess = members.map((m) => m.finess);
  const [history, categories, campaign] = await Promise.all([
    ctx.db.getRepository(FundingHistoryRow).find({ where: finess.length ? finess.map((f) => ({ finess: f })) : { id: -1 } }),
    establishmentFacts(finess),
    campaignOf(ctx, row),
  ]);
  // Solutions are referenced by catalogue id (grappe and funding history); the annuaire gives their product names.
  const solutionIds = [...new Set([...members.map((m) => m.chosenSolutionId), ...history.map((h) => h.softwareSolution)].filter((x): x is string => !!x))];
  const solutions = await duiSolutionFacts(solutionIds);
  const softwareName = (idOrName: string) => (solutions?.[idOrName]?.product as string | undefined) ?? idOrName;
  if (categories === null || solutions === null) {
    notices.push("L'annuaire n'a pas pu être consulté : les catégories d'ESSMS et le référencement Ségur des solutions restent à vérifier.");
  }
  const unknownSolution = new Set<string>();
  const essms: EligibilityEssms[] = members.map((m) => {
    const solution = solutionOf(m, solutions);
    if (!solution) unknownSolution.add(m.chosenSolutionId ?? UNCHOSEN);
    const saad = m.saadTotalHours != null;
    return {
      finess: m.finess,
      situation: m.situation,
      currentDui: m.currentDui,
      solution: solution ?? { name: m.chosenSolutionId ?? UNCHOSEN, referencing: 'NOT_REFERENCED', couloir: 'OTHER', vague: 0 },
      nationalEntity: m.nationalEntity,
      isSaad: saad,
      hasConfortActivity: saad && (m.saadMedicoSocialHours ?? 0) < (m.saadTotalHours ?? 0),
      category: categories?.[m.finess]?.category,
      regionCode: m.regionCode,
    };
  });
  const fundingHistory: Record<string, PastFunding[]> = {};
  // The file's own funding joins the history at its convention's signature, for later campaigns: not a past funding of this file.
  for (const h of history.filter((x) => x.candidatureId !== row.id)) {
    (fundingHistory[h.finess] ??= []).push({ campaign: h.campaign, situation: h.situation, softwareSolution: softwareName(h.softwareSolution ?? ''), sonsOrdered: h.sonsOrdered });
  }
  const [{ porteurNationalEntity: _pne, ...dossierFacts }, pieces] = await Promise.all([loadEligibilityFacts(ctx.db, row.id), loadPieces(ctx.db, row.id)]);
  const report = eligibilityReport({
    essms,
    fundingHistory,
    project: {
      // The porteur's answers (src/dossier: E02, E06, E08 GHT, E10) and the pieces uploaded (src/pieces: E06, E11).
      ...dossierFacts,
      presentPieces: presentCodes(pieces),
      hardwareRequested: members.some((m) => (m.hardwareQuote ?? 0) > 0),
      submittedAt: row.submittedAt ?? undefined,
      track: trackOf(campaign.calendar, row.track),
    },
  });
  const items = report.items.map((item): EligibilityItem => {
    if (item.code === 'E08' && item.status === 'KO' && [...unknownSolution].some((name) => item.message.startsWith(name))) {
      return {
        ...item,
        status: 'TO_CHECK',
        message: unknownSolution.has(UNCHOSEN)
          ? "Choisissez la solution DUI de chaque ESSMS : elle doit être référencée Ségur vague 1, couloir médico-social."
          : "Le référencement Ségur de la solution choisie n'a pas pu être vérifié dans le catalogue : l'instructeur le vérifiera.",
      };
    }
    return item;
  });
  return {
    items,
    blocking: items.some((i) => i.severity === 'BLOCKING' && i.status === 'KO'),
    conditions: items.filter((i) => i.severity === 'CONDITION' && i.status !== 'OK'),
    warnings: items.filter((i) => i.severity === 'WARNING' && i.status !== 'OK'),
    notices,
  };
}

export interface ActionView {
  action: string;
  label: string;
  to: CandidatureState;
  toLabel: string;
  refusal: string | null;
  needsComment: boolean;
}

/** What the caller may do now (empty when it only reads the file); the guards' current answers come from the domain. */
export async function availableActionsFor(ctx: SubgraphContext, row: CandidatureRow): Promise<ActionView[]> {
  const role = actingRole(ctx.claims, row);
  if (!role) return [];
  const lifecycle = await lifecycleContext(ctx, row, new Date());
  const withReason = domainAvailableActions(row.state, role, { ...lifecycle, reason: 'motif' });
  const withoutReason = domainAvailableActions(row.state, role, lifecycle);
  return withReason.flatMap((a, i) => (DEDICATED_FLOWS[a.action] ? [] : [{
    action: a.action,
    label: actionLabel(a.action),
    to: a.to,
    toLabel: STATE_LABELS[a.to],
    refusal: a.refusal,
    needsComment: !a.refusal && !!withoutReason[i]?.refusal,
  }]));
}

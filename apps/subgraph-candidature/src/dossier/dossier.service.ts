import { checkFiness, editableParts, type EligibilityProject, type GhtConditions as DomainGht } from '@esms/domain';
import { badInput, loaderFor, type SubgraphContext } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow, GrappeMemberRow } from '../candidatures/candidature.entity';
import { insertEvent, loadMembers, membersLoader } from '../candidatures/candidature.repository';
import { candidatureFunding, readableCandidature } from '../candidatures/candidature.service';
import { refreshQueueFacts } from '../queue/queue-facts';
import { PORTEUR_CHECKLIST } from './checklist';
import { CandidatureDossier, CandidatureDossierInput, EuFund, ProjectField, ProjectType, VatRegime } from './dossier.types';
import { bumpVersion, checkExpectedVersion, editableByPorteur } from './file-edit';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

/** What is stored (jsonb) for a candidature's dossier. */
export interface DossierAnswers {
  fields?: string[];
  governance?: string | null;
  projectPlan?: { monthOffset: number; durationMonths: number; label: string }[];
  selfDiagnostics?: Record<string, { anapMaturitySecurity: boolean; siManagementLevel: boolean; cyberMeasures: boolean }>;
  vatRegime?: 'HT' | 'TTC' | null;
  porteurIsGht?: boolean;
  ght?: DomainGht | null;
  otherEuFunds?: string[] | null;
  porteurNationalEntity?: string | null;
  ogDuiReusedForPdePds?: boolean;
  checklist?: Record<string, { done: boolean; at: string }>;
}

export interface StoredDossier {
  answers: DossierAnswers;
  updatedAt: Date | null;
}

export async function loadDossier(db: Db, candidatureId: string): Promise<StoredDossier> {
  const rows: any[] = await db.query(`SELECT answers, updated_at FROM candidature_dossier WHERE candidature_id = $1`, [candidatureId]);
  return rows[0] ? { answers: rows[0].answers ?? {}, updatedAt: new Date(rows[0].updated_at) } : { answers: {}, updatedAt: null };
}

const dossierLoader = (ctx: SubgraphContext) =>
  loaderFor<string, StoredDossier>(ctx, 'porteur:dossier', async (ids) => {
    const rows: any[] = await ctx.db.query(`SELECT candidature_id, answers, updated_at FROM candidature_dossier WHERE candidature_id = ANY($1::uuid[])`, [[...ids]]);
    const by = new Map(rows.map((r) => [String(r.candidature_id), { answers: r.answers ?? {}, updatedAt: new Date(r.updated_at) }]));
    return ids.map((id) => by.get(id) ?? { answers: {}, updatedAt: null });
  });

export function projectTypeOf(members: Pick<GrappeMemberRow, 'situation'>[]): ProjectType | null {
  if (!members.length) return null;
  const acq = members.some((m) => m.situation === 'ACQUISITION');
  const upg = members.some((m) => m.situation === 'UPGRADE');
  return acq && upg ? ProjectType.MIXTE : acq ? ProjectType.ACQUISITION : ProjectType.MISE_EN_CONFORMITE;
}

export const PROJECT_TYPE_LABELS: Record<ProjectType, string> = {
  [ProjectType.ACQUISITION]: "Acquisition d'un DUI (pas de DUI ou changement de DUI)",
  [ProjectType.MISE_EN_CONFORMITE]: 'Mise en conformité Ségur (montée de version du DUI)',
  [ProjectType.MIXTE]: 'Acquisition et mise en conformité selon les ESSMS',
};

export function toDossierView(stored: StoredDossier, members: GrappeMemberRow[], editable: boolean): CandidatureDossier {
  const a = stored.answers;
  const type = projectTypeOf(members);
  return {
    projectType: type,
    projectTypeLabel: type ? PROJECT_TYPE_LABELS[type] : null,
    fields: (a.fields ?? []) as ProjectField[],
    governance: a.governance ?? null,
    projectPlan: (a.projectPlan ?? []).map((s) => ({ ...s })),
    selfDiagnostics: members.map((m) => ({
      finess: m.finess,
      anapMaturitySecurity: !!a.selfDiagnostics?.[m.finess]?.anapMaturitySecurity,
      siManagementLevel: !!a.selfDiagnostics?.[m.finess]?.siManagementLevel,
      cyberMeasures: !!a.selfDiagnostics?.[m.finess]?.cyberMeasures,
    })),
    vatRegime: (a.vatRegime ?? null) as VatRegime | null,
    porteurIsGht: !!a.porteurIsGht,
    ght: a.porteurIsGht && a.ght ? { ...a.ght } : null,
    otherEuFunds: a.otherEuFunds === undefined || a.otherEuFunds === null ? null : (a.otherEuFunds as EuFund[]),
    porteurNationalEntity: a.porteurNationalEntity ?? null,
    ogDuiReusedForPdePds: !!a.ogDuiReusedForPdePds,
    checklist: PORTEUR_CHECKLIST.map((item) => {
      const tick = a.checklist?.[item.code];
      return { ...item, done: !!tick?.done, doneAt: tick?.done ? new Date(tick.at) : null };
    }),
    editable,
    updatedAt: stored.updatedAt,
  };
}

export async function dossierView(ctx: SubgraphContext, row: CandidatureRow): Promise<CandidatureDossier> {
  const [stored, members] = await Promise.all([dossierLoader(ctx).load(row.id), membersLoader(ctx).load(row.id)]);
  const role = actingRole(ctx.claims, row);
  const editable = role === 'PORTEUR' && editableParts(row.state, role).includes('identity');
  return toDossierView(stored ?? { answers: {}, updatedAt: null }, members ?? [], editable);
}

const FUND_LABELS: Record<string, string> = { FEDER: 'FEDER', FSE: 'FSE', AUTRE: 'autre fonds européen' };

/**
 * The dossier answers the domain's `eligibilityReport` reads (E02, E06, E08, E10, P13/P14). `otherEuFunds`
 * stays undefined until answered (E02 to check).
 */
export function eligibilityFacts(answers: DossierAnswers, members: Pick<GrappeMemberRow, "finess">[]): Partial<EligibilityProject> & { porteurIsGht: boolean } {
  const diag = answers.selfDiagnostics ?? {};
  const all = (k: 'anapMaturitySecurity' | 'siManagementLevel' | 'cyberMeasures') => members.length > 0 && members.every((m) => !!diag[m.finess]?.[k]);
  const facts: Partial<EligibilityProject> & { porteurIsGht: boolean } = {
    porteurIsGht: !!answers.porteurIsGht,
    selfDiagnostics: { anapMaturitySecurity: all('anapMaturitySecurity'), anapManagementLevel: all('siManagementLevel'), cyber13Measures: all('cyberMeasures') },
    ogDuiReusedForPdePds: !!answers.ogDuiReusedForPdePds,
  };
  if (answers.porteurIsGht && answers.ght) facts.ght = { ...answers.ght };
  if (answers.otherEuFunds) facts.otherEuFunds = answers.otherEuFunds.map((f) => FUND_LABELS[f] ?? f);
  return facts;
}

export async function loadEligibilityFacts(db: Db, candidatureId: string): Promise<Partial<EligibilityProject> & { porteurIsGht: boolean; porteurNationalEntity: string | null }> {
  const [stored, members] = await Promise.all([loadDossier(db, candidatureId), loadMembers(db, candidatureId)]);
  return { ...eligibilityFacts(stored.answers, members), porteurNationalEntity: stored.answers.porteurNationalEntity ?? null };
}

const MAX_TEXT = 10_000;

function cleanText(value: string | null | undefined, field: string, max: number): string | null {
  const t = value?.trim();
  if (t && t.length > max) throw badInput(`Ce texte compte au plus ${max.toLocaleString('fr-FR')} caractères.`, { field });
  return t || null;
}

/** Validates and merges a partial input into the stored answers (throws BAD_USER_INPUT before any write). */
export function mergeAnswers(current: DossierAnswers, input: CandidatureDossierInput, members: GrappeMemberRow[], now: Date): DossierAnswers {
  const next: DossierAnswers = JSON.parse(JSON.stringify(current));
  if (input.fields !== undefined) next.fields = [...new Set(input.fields ?? [])];
  if (input.governance !== undefined) next.governance = cleanText(input.governance, 'governance', MAX_TEXT);
  if (input.projectPlan !== undefined) {
    const steps = input.projectPlan ?? [];
    if (steps.length > 60) throw badInput('Le planning compte au plus 60 étapes.', { field: 'projectPlan' });
    next.projectPlan = steps
      .map((s, i) => {
        const label = cleanText(s.label, `projectPlan[${i}].label`, 300);
        if (!label) throw badInput(`Étape ${i + 1} du planning : donnez-lui un intitulé.`, { field: `projectPlan[${i}].label` });
        const duration = s.durationMonths ?? 1;
        if (!Number.isInteger(s.monthOffset) || s.monthOffset < 0 || s.monthOffset > 23) {
          throw badInput(`Étape ${i + 1} du planning : le mois de début va de 0 à 23 (projet sur 2 ans).`, { field: `projectPlan[${i}].monthOffset` });
        }
        if (!Number.isInteger(duration) || duration < 1 || s.monthOffset + duration > 24) {
          throw badInput(`Étape ${i + 1} du planning : la durée va de 1 mois à la fin de la 2e année (mois 24).`, { field: `projectPlan[${i}].durationMonths` });
        }
        return { monthOffset: s.monthOffset, durationMonths: duration, label };
      })
      .sort((a, b) => a.monthOffset - b.monthOffset);
  }
  if (input.selfDiagnostics) {
    const inGrappe = new Set(members.map((m) => m.finess));
    next.selfDiagnostics = { ...(next.selfDiagnostics ?? {}) };
    input.selfDiagnostics.forEach((d, i) => {
      const c = checkFiness(d.finess);
      if (!c.ok || !inGrappe.has(c.finess)) {
        throw badInput(`Autodiagnostic ${i + 1} : l'ESSMS ${d.finess} n'est pas dans la grappe.`, { field: `selfDiagnostics[${i}].finess` });
      }
      next.selfDiagnostics![c.finess] = { anapMaturitySecurity: d.anapMaturitySecurity, siManagementLevel: d.siManagementLevel, cyberMeasures: d.cyberMeasures };
    });
  }
  if (input.vatRegime !== undefined) next.vatRegime = input.vatRegime ?? null;
  if (input.porteurIsGht !== undefined) next.porteurIsGht = !!input.porteurIsGht;
  if (input.ght !== undefined) next.ght = input.ght ? { publicProcurementContract: input.ght.publicProcurementContract, dpiCoverageStudy: input.ght.dpiCoverageStudy, noEuOrHopenFunding: input.ght.noEuOrHopenFunding } : null;
  if (input.otherEuFunds !== undefined) next.otherEuFunds = input.otherEuFunds === null ? null : [...new Set(input.otherEuFunds)];
  if (input.porteurNationalEntity !== undefined) next.porteurNationalEntity = cleanText(input.porteurNationalEntity, 'porteurNationalEntity', 200);
  if (input.ogDuiReusedForPdePds !== undefined) next.ogDuiReusedForPdePds = !!input.ogDuiReusedForPdePds;
  if (input.checklist) {
    const known = new Set(PORTEUR_CHECKLIST.map((c) => c.code));
    next.checklist = { ...(next.checklist ?? {}) };
    input.checklist.forEach((t, i) => {
      if (!known.has(t.code)) throw badInput(`Étape du guide inconnue « ${t.code} » : choisissez parmi ${[...known].join(', ')}.`, { field: `checklist[${i}].code` });
      next.checklist![t.code] = { done: t.done, at: now.toISOString() };
    });
  }
  return next;
}

/**
 * 003 §4.4.2 3: the AMOA forfait goes to regroupements made only of small organismes. Asked for, it is checked with the
 * domain's `computeFunding` on the current grappe (organisme sizes from the annuaire): refused when it would grant
 * nothing, with the domain's reason. Withdrawing it is always allowed.
 */
async function checkAmoaRequest(ctx: SubgraphContext, row: CandidatureRow, requested: boolean): Promise<void> {
  if (!requested) return;
  const funding = await candidatureFunding(ctx, Object.assign(Object.create(Object.getPrototypeOf(row)), row, { amoaRequested: true }) as CandidatureRow);
  if (funding.amoa > 0) return;
  const reasons = funding.notices.filter((n) => /AMOA|Ajoutez au moins un ESSMS/.test(n));
  throw badInput(
    `Le forfait AMOA ne peut pas être demandé pour cette grappe : ${reasons.join(' ') || "il est réservé aux regroupements composés uniquement de petits organismes gestionnaires (003 §4.4.2)."} Vérifiez les organismes gestionnaires des ESSMS de la grappe.`,
    { field: 'amoaRequested' },
  );
}

export async function updateDossier(ctx: SubgraphContext, id: string, expectedVersion: number, input: CandidatureDossierInput): Promise<CandidatureRow> {
  const { row, role } = await editableByPorteur(ctx, id, ['identity']);
  await checkExpectedVersion(ctx, row, expectedVersion);
  const [stored, members] = await Promise.all([loadDossier(ctx.db, row.id), loadMembers(ctx.db, row.id)]);
  const now = new Date();
  const next = mergeAnswers(stored.answers, input, members, now);
  const amoa = input.amoaRequested === undefined || input.amoaRequested === null ? null : !!input.amoaRequested;
  if (amoa !== null) await checkAmoaRequest(ctx, row, amoa);
  const changed = Object.keys(input).filter((k) => (input as any)[k] !== undefined);
  const amoaChange = amoa !== null && amoa !== row.amoaRequested ? { amoaRequested: amoa, comment: amoa ? "Forfait AMOA demandé (100 000 €, réservé aux petits organismes gestionnaires)." : 'Demande de forfait AMOA retirée.' } : {};
  await ctx.db.transaction(async (m) => {
    await bumpVersion(m, row.id, expectedVersion, ctx.claims.sub, amoa === null ? {} : { amoa_requested: amoa });
    await m.query(
      `INSERT INTO candidature_dossier (candidature_id, answers, updated_at, updated_by) VALUES ($1, $2::jsonb, $3, $4)
       ON CONFLICT (candidature_id) DO UPDATE SET answers = EXCLUDED.answers, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [row.id, JSON.stringify(next), now, ctx.claims.sub ?? null],
    );
    await insertEvent(m, { candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action: 'edit_dossier', fromState: row.state, toState: row.state, at: now, details: { fields: changed, ...amoaChange } });
    await refreshQueueFacts(m, row.id); // eligibility flags (E02, E08, E10) of the queue
  });
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

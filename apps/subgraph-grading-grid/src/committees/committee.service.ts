import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { gradingSummary, matchRules, rankFiles, regionName, runningTotals, type Condition, type FileFacts } from '@esms/domain';
import { badInput, conflict, enqueueEmail, notFound, testPause, type Claims, type SubgraphContext } from '@esms/server-kit';
import { actorOf, isUniqueViolation, seesRegion } from '../access';
import { isUuid } from '../grids/grid.service';
import { knownCampaign } from '../reference/campaigns';
import { fileOfRegion } from '../file-scope';
import { filesForCommittee, type CommitteeDecisionEvent, type CommitteeFile } from './candidature-client';
import type {
  AgendaItem,
  Committee,
  CommitteeAgenda,
  CommitteeDecision,
  CommitteeDecisionKindEnum,
  CommitteeStatusEnum,
  CreateCommitteeInput,
  PriorityMatchStatusEnum,
  RegionEnvelope,
} from './committee.types';
import { DECISION_LETTER_MAIL, decisionLetterEmail, decisionMailOutbox } from './decision-mail';
import { decisionLetterPdf } from './letter';
import { enqueue, kickOutbox } from './outbox';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const TOPIC_CANDIDATURE_EVENT = 'candidature.events-apply';
/** Earlier versions queued decision letters under this topic; they are moved to the e-mail outbox (handlers.ts). */
export const TOPIC_DECISION_LETTER_MAIL = 'mail.decision-letter';

const COMMITTEE_NOT_FOUND = "Ce comité n'existe pas ou vous n'y avez pas accès : vérifiez son identifiant.";
const NOT_ON_AGENDA = "Ce dossier n'existe pas ou n'est pas à l'ordre du jour de ce comité : vérifiez la candidature et la fenêtre.";

export const letterUrlOf = (decisionId: string) => `/files/committees/decisions/${decisionId}/letter.pdf`;

const rowsOf = (result: any): any[] => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result);

const COMMITTEE_COLUMNS = `id, region_code AS "regionCode", campaign_id AS "campaignId", window_code AS "windowCode", label,
  to_char(session_date, 'YYYY-MM-DD') AS "sessionDate", status, created_by AS "createdBy", created_at AS "createdAt", closed_at AS "closedAt", version`;

const DECISION_SELECT = `SELECT d.id, d.committee_id AS "committeeId", d.candidature_id AS "candidatureId", d.candidature_reference AS "candidatureReference",
  d.decision, d.motive, d.amount_granted AS "amountGranted", d.state_before AS "stateBefore", d.decided_by AS "decidedBy", d.decided_at AS "decidedAt",
  d.organismes, c.region_code AS "regionCode", c.campaign_id AS "campaignId",
  EXISTS (SELECT 1 FROM outbox o WHERE o.topic = '${TOPIC_CANDIDATURE_EVENT}' AND o.payload->>'id' = d.id::text AND o.delivered_at IS NOT NULL) AS applied,
  COALESCE((SELECT e.sent_at FROM outbox_email e WHERE e.kind = '${DECISION_LETTER_MAIL}' AND e.ref = d.id::text), l.emailed_at) AS "letterEmailedAt"
  FROM committee_decision d JOIN committee c ON c.id = d.committee_id LEFT JOIN decision_letter l ON l.decision_id = d.id`;

type DecisionRow = Omit<CommitteeDecision, 'letterUrl' | 'candidature'> & { organismes: string[]; regionCode: string; campaignId: string };

function toDecision(row: DecisionRow): CommitteeDecision {
  return {
    ...row,
    amountGranted: row.amountGranted === null ? null : Number(row.amountGranted),
    applied: !!row.applied,
    letterUrl: letterUrlOf(row.id),
    candidature: { id: row.candidatureId },
  } as CommitteeDecision;
}

/** Who sees a decision: the region's instructeurs and the CNSA; the porteur of the file (organismes) once rendered. */
function seesDecision(claims: Claims, row: { regionCode: string; organismes: string[] }): boolean {
  if (seesRegion(claims, row.regionCode)) return true;
  return claims.role === 'PORTEUR' && row.organismes.some((o) => claims.organismes.includes(o));
}

// ---------------- committees ----------------

async function committeeRow(db: { query: (sql: string, p?: unknown[]) => Promise<any> }, id: string, lock = false): Promise<Committee | null> {
  if (!isUuid(id)) return null;
  const rows = rowsOf(await db.query(`SELECT ${COMMITTEE_COLUMNS} FROM committee WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]));
  return rows[0] ?? null;
}

export async function visibleCommittee(ctx: SubgraphContext, id: string): Promise<Committee | null> {
  const committee = await committeeRow(ctx.db, id);
  return committee && seesRegion(ctx.claims, committee.regionCode) ? committee : null;
}

export async function listCommittees(ctx: SubgraphContext, campaignId: string | null, regionCode: string | null): Promise<Committee[]> {
  const { claims } = ctx;
  const region = claims.role === 'INSTRUCTEUR' ? claims.regionCode : regionCode;
  if (claims.role === 'INSTRUCTEUR' && regionCode && regionCode !== claims.regionCode) return [];
  const params: unknown[] = [];
  const where: string[] = [];
  if (region) where.push(`region_code = $${params.push(region)}`);
  else if (claims.role !== 'CNSA') return [];
  if (campaignId) where.push(`campaign_id = $${params.push(campaignId)}`);
  return ctx.db.query(`SELECT ${COMMITTEE_COLUMNS} FROM committee ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY session_date, window_code`, params);
}

/** The instructeur of the committee's region (others: NOT_FOUND, like a committee that does not exist). */
function instructeurOf(ctx: SubgraphContext): { sub: string; regionCode: string } {
  const { claims } = ctx;
  if (claims.role !== 'INSTRUCTEUR' || !claims.sub || !claims.regionCode) throw notFound(COMMITTEE_NOT_FOUND);
  return { sub: claims.sub, regionCode: claims.regionCode };
}

async function recordCommitteeEvent(m: EntityManager, committeeId: string, candidatureId: string | null, action: string, actorId: string, before: unknown, after: unknown) {
  await m.query(`INSERT INTO committee_event (id, committee_id, candidature_id, action, actor_id, before, after) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`, [
    randomUUID(),
    committeeId,
    candidatureId,
    action,
    actorId,
    before === null ? null : JSON.stringify(before),
    after === null ? null : JSON.stringify(after),
  ]);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function createCommittee(ctx: SubgraphContext, input: CreateCommitteeInput): Promise<Committee> {
  const me = instructeurOf(ctx);
  const campaign = knownCampaign(input.campaignId);
  if (!campaign || campaign.regionCode !== me.regionCode) throw notFound("Cette campagne n'existe pas ou ne relève pas de votre ARS : choisissez une campagne de votre région.");
  const windowCode = input.windowCode.trim().toUpperCase();
  const windows = [...campaign.tracks.regional.windows, ...campaign.tracks.multiregional.windows];
  if (!windows.some((w) => w.code === windowCode)) {
    throw badInput(`La fenêtre « ${input.windowCode} » n'existe pas dans cette campagne : choisissez parmi ${[...new Set(windows.map((w) => w.code))].join(', ')}.`, { field: 'windowCode' });
  }
  if (!ISO_DATE.test(input.sessionDate) || Number.isNaN(Date.parse(`${input.sessionDate}T12:00:00Z`))) {
    throw badInput('Indiquez la date de la séance au format AAAA-MM-JJ.', { field: 'sessionDate' });
  }
  const label = input.label?.trim() || `Comité de sélection — ${campaign.label} — fenêtre ${windowCode}`;
  if (label.length > 200) throw badInput('Le libellé compte au plus 200 caractères.', { field: 'label' });
  const id = randomUUID();
  try {
    await ctx.db.transaction(async (m) => {
      await m.query(`INSERT INTO committee (id, region_code, campaign_id, window_code, label, session_date, status, created_by) VALUES ($1, $2, $3, $4, $5, $6, 'PLANNED', $7)`, [
        id,
        me.regionCode,
        campaign.id,
        windowCode,
        label,
        input.sessionDate,
        me.sub,
      ]);
      await recordCommitteeEvent(m, id, null, 'CREATED', me.sub, null, { windowCode, sessionDate: input.sessionDate, label, status: 'PLANNED' });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`Un comité existe déjà pour la fenêtre ${windowCode} de cette campagne : ouvrez-le depuis la liste des comités.`);
    throw error;
  }
  return (await committeeRow(ctx.db, id)) as Committee;
}

async function changeStatus(ctx: SubgraphContext, id: string, to: CommitteeStatusEnum, action: string): Promise<Committee> {
  const me = instructeurOf(ctx);
  await ctx.db.transaction(async (m) => {
    const committee = await committeeRow(m, id, true);
    if (!committee || committee.regionCode !== me.regionCode) throw notFound(COMMITTEE_NOT_FOUND);
    if (committee.status === 'CLOSED') throw conflict('Ce comité est clos : ses décisions sont définitives.');
    if (committee.status === to) throw conflict(to === 'IN_SESSION' ? 'La séance est déjà ouverte.' : 'Ce comité est déjà clos.');
    await m.query(`UPDATE committee SET status = $2, version = version + 1${to === 'CLOSED' ? ', closed_at = now(), closed_by = $3' : ''} WHERE id = $1`, to === 'CLOSED' ? [id, to, me.sub] : [id, to]);
    await recordCommitteeEvent(m, id, null, action, me.sub, { status: committee.status }, { status: to });
  });
  return (await committeeRow(ctx.db, id)) as Committee;
}

export const startCommitteeSession = (ctx: SubgraphContext, id: string) => changeStatus(ctx, id, 'IN_SESSION' as CommitteeStatusEnum, 'SESSION_STARTED');
export const closeCommittee = (ctx: SubgraphContext, id: string) => changeStatus(ctx, id, 'CLOSED' as CommitteeStatusEnum, 'CLOSED');

// ---------------- envelope ----------------

export async function regionEnvelope(ctx: SubgraphContext, campaignId: string, regionCode: string | null): Promise<RegionEnvelope | null> {
  const region = ctx.claims.role === 'INSTRUCTEUR' ? (regionCode ?? ctx.claims.regionCode) : regionCode;
  if (!region || !seesRegion(ctx.claims, region)) return null;
  const rows = await ctx.db.query(
    `SELECT region_code AS "regionCode", campaign_id AS "campaignId", amount, updated_by AS "updatedBy", updated_at AS "updatedAt" FROM region_envelope WHERE region_code = $1 AND campaign_id = $2`,
    [region, campaignId],
  );
  if (!rows[0]) return null;
  const history = await ctx.db.query(
    `SELECT actor_id AS "actorId", actor_role AS "actorRole", before_amount AS before, after_amount AS after, at FROM region_envelope_event WHERE region_code = $1 AND campaign_id = $2 ORDER BY at DESC, id`,
    [region, campaignId],
  );
  return { ...rows[0], history };
}

/** Platform decision: the envelope is editable by the region's instructeurs and the CNSA; every change is recorded (before/after). */
export async function setRegionEnvelope(ctx: SubgraphContext, campaignId: string, amount: number, regionCode: string | null): Promise<RegionEnvelope> {
  const { claims } = ctx;
  const region = claims.role === 'INSTRUCTEUR' ? claims.regionCode : regionCode;
  if (claims.role === 'CNSA' && !regionCode) throw badInput('Indiquez la région (regionCode) de l’enveloppe.', { field: 'regionCode' });
  if (!region || !seesRegion(claims, region) || (claims.role === 'INSTRUCTEUR' && regionCode && regionCode !== region)) {
    throw notFound("Cette enveloppe n'existe pas ou vous n'y avez pas accès : vous ne fixez que l'enveloppe de votre ARS.");
  }
  const campaign = knownCampaign(campaignId);
  if (!campaign || campaign.regionCode !== region) throw notFound("Cette campagne n'existe pas pour cette région : choisissez une campagne de l'ARS.");
  if (!Number.isInteger(amount) || amount < 0) throw badInput("L'enveloppe est un montant entier d'euros positif ou nul.", { field: 'amount' });
  await ctx.db.transaction(async (m) => {
    const before = rowsOf(await m.query(`SELECT amount FROM region_envelope WHERE region_code = $1 AND campaign_id = $2 FOR UPDATE`, [region, campaignId]))[0];
    await m.query(
      `INSERT INTO region_envelope (region_code, campaign_id, amount, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (region_code, campaign_id) DO UPDATE SET amount = EXCLUDED.amount, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [region, campaignId, amount, actorOf(claims)],
    );
    await m.query(`INSERT INTO region_envelope_event (id, region_code, campaign_id, actor_id, actor_role, before_amount, after_amount) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      randomUUID(),
      region,
      campaignId,
      actorOf(claims),
      claims.role,
      before ? Number(before.amount) : null,
      amount,
    ]);
  });
  return (await regionEnvelope(ctx, campaignId, region)) as RegionEnvelope;
}

// ---------------- agenda ----------------

interface Grading {
  consensus: number | null;
  mature: boolean | null;
  signedCount: number;
}

/** Signed evaluations of the files, by the committee's region, summarised (consensus, maturity). One query. */
async function gradingOf(db: { query: (sql: string, p?: unknown[]) => Promise<any> }, regionCode: string, candidatureIds: string[]): Promise<Map<string, Grading>> {
  const rows = rowsOf(
    await db.query(
      `SELECT e.candidature_id AS "candidatureId", e.total, e.status, g.maturity_threshold AS threshold
       FROM evaluation e JOIN grid g ON g.id = e.grid_id WHERE e.candidature_id = ANY($1::text[]) AND e.region_code = $2`,
      [candidatureIds, regionCode],
    ),
  ) as { candidatureId: string; total: number; status: string; threshold: number | null }[];
  const result = new Map<string, Grading>();
  for (const id of candidatureIds) {
    const mine = rows.filter((r) => r.candidatureId === id);
    const s = gradingSummary({ evaluations: mine.map((r) => ({ total: Number(r.total), signed: r.status === 'SIGNED', threshold: r.threshold === null ? null : Number(r.threshold) })) });
    result.set(id, { consensus: s.consensus, mature: s.mature, signedCount: s.signedCount });
  }
  return result;
}

function factsOf(file: CommitteeFile, grading: Grading, windowCode: string): FileFacts {
  const fields = file.fields ? [...file.fields] : null;
  if (fields && file.hasPdsPde && !fields.includes('PDS') && !fields.includes('PDE')) fields.push('PDS');
  return {
    essmsCount: file.essmsCount ?? null,
    situations: file.situations ?? null,
    fields,
    regions: file.regions ?? null,
    windowCode,
    hasSaad: file.hasSaad ?? null,
    mature: grading.mature,
    organismePublic: file.organismePublic ?? null,
    organismeSize: file.organismeSize ?? null,
  };
}

export async function committeeAgenda(ctx: SubgraphContext, committeeId: string): Promise<CommitteeAgenda> {
  const committee = await visibleCommittee(ctx, committeeId);
  if (!committee) throw notFound(COMMITTEE_NOT_FOUND);
  const notices: string[] = [];
  let files: CommitteeFile[] = [];
  try {
    files = await filesForCommittee(committee.regionCode, committee.campaignId, committee.windowCode);
  } catch (error) {
    ctx.logger.warn({ err: error }, 'candidatures/for-committee failed');
    notices.push("Le service des candidatures n'a pas répondu : l'ordre du jour est incomplet, réessayez dans un instant.");
  }
  const decisions = (await ctx.db.query(`${DECISION_SELECT} WHERE d.committee_id = $1`, [committee.id])) as DecisionRow[];
  const decisionOf = new Map(decisions.map((d) => [d.candidatureId, toDecision(d)]));
  // A decided file stays on the agenda even once its state moved on (RETAINED, NOT_RETAINED…): keep them from the decisions.
  for (const d of decisions) {
    if (!files.some((f) => f.id === d.candidatureId)) {
      const row = rowsOf(await ctx.db.query(`SELECT candidature_title AS title, funding_total AS total FROM committee_decision WHERE id = $1`, [d.id]))[0];
      files.push({ id: d.candidatureId, reference: d.candidatureReference, title: row?.title ?? '', state: d.decision, total: Number(row?.total ?? d.amountGranted ?? 0) });
    }
  }
  const grid = rowsOf(await ctx.db.query(`SELECT id FROM grid WHERE region_code = $1 AND campaign_id = $2 AND status = 'PUBLISHED'`, [committee.regionCode, committee.campaignId]))[0];
  const rules = grid
    ? ((await ctx.db.query(`SELECT code, label, matcher FROM priority_rule WHERE grid_id = $1 ORDER BY position`, [grid.id])) as { code: string; label: string; matcher: Condition | null }[])
    : [];
  if (!grid) notices.push("Aucune grille publiée pour cette campagne : la maturité et les priorités régionales ne peuvent pas être évaluées.");
  else if (rules.length === 0) notices.push("La grille de la campagne ne définit pas de priorités régionales : le classement suit la maturité puis la note.");

  const grading = await gradingOf(ctx.db, committee.regionCode, files.map((f) => f.id));
  const enriched = files.map((file) => {
    const g = grading.get(file.id) ?? { consensus: null, mature: null, signedCount: 0 };
    const priorities = matchRules(rules, factsOf(file, g, committee.windowCode));
    const decision = decisionOf.get(file.id) ?? null;
    return {
      candidatureId: file.id,
      reference: file.reference,
      title: file.title,
      state: file.state,
      fundingTotal: decision?.amountGranted ?? file.total,
      consensus: g.consensus,
      mature: g.mature,
      signedEvaluations: g.signedCount,
      priorities: priorities.map((p) => ({ ...p, status: p.status as PriorityMatchStatusEnum })),
      matchedPriorityCount: priorities.filter((p) => p.status === 'MATCHED').length,
      decision,
    };
  });
  const envelopeRow = rowsOf(await ctx.db.query(`SELECT amount FROM region_envelope WHERE region_code = $1 AND campaign_id = $2`, [committee.regionCode, committee.campaignId]))[0];
  const envelope = envelopeRow ? Number(envelopeRow.amount) : null;
  const committed = rowsOf(
    await ctx.db.query(
      `SELECT coalesce(sum(d.amount_granted), 0)::int AS total FROM committee_decision d JOIN committee c ON c.id = d.committee_id
       WHERE c.region_code = $1 AND c.campaign_id = $2 AND c.id <> $3 AND d.decision = 'RETAINED'`,
      [committee.regionCode, committee.campaignId, committee.id],
    ),
  )[0];
  const alreadyCommitted = Number(committed?.total ?? 0);
  const ranked = rankFiles(enriched.map((e) => ({ ...e, decision: e.decision?.decision ?? null, decisionView: e.decision })));
  const lines = runningTotals(ranked, envelope, alreadyCommitted);
  const items: AgendaItem[] = lines.map((line) => ({
    ...line.file,
    rank: line.rank,
    candidature: { id: line.file.candidatureId },
    decision: line.file.decisionView,
    counted: line.counted,
    runningTotal: line.runningTotal,
    withinEnvelope: line.withinEnvelope,
    overshoot: line.overshoot,
  }));
  if (envelope === null) notices.push("L'enveloppe régionale de la campagne n'est pas fixée : le cumul n'est comparé à aucune enveloppe.");
  const total = lines.at(-1)?.runningTotal ?? alreadyCommitted;
  return { committee, envelope, alreadyCommitted, total, overEnvelope: envelope !== null && total > envelope, overshoot: envelope === null ? 0 : Math.max(0, total - envelope), items, notices };
}

// ---------------- decisions ----------------

export async function recordCommitteeDecision(
  ctx: SubgraphContext,
  committeeId: string,
  candidatureId: string,
  decision: CommitteeDecisionKindEnum,
  motiveInput: string,
): Promise<CommitteeDecision> {
  const me = instructeurOf(ctx);
  const committee = await committeeRow(ctx.db, committeeId);
  if (!committee || committee.regionCode !== me.regionCode) throw notFound(COMMITTEE_NOT_FOUND);
  const motive = motiveInput.trim();
  if (!motive) throw badInput('Indiquez le motif de la décision : il figure dans le courrier adressé au porteur.', { field: 'motive' });
  if (motive.length > 4000) throw badInput('Le motif compte au plus 4 000 caractères.', { field: 'motive' });
  if (committee.status === 'CLOSED') throw conflict('Ce comité est clos : ses décisions sont définitives et aucune ne peut plus être ajoutée.');
  // Only the pivot ARS decides, whatever an agenda lists: a file of another region answers like a missing one.
  if (!(await fileOfRegion(candidatureId, me.regionCode))) throw notFound(NOT_ON_AGENDA);

  const files = await filesForCommittee(committee.regionCode, committee.campaignId, committee.windowCode);
  const file = files.find((f) => f.id === candidatureId);
  if (!file) throw notFound(NOT_ON_AGENDA);
  if (file.state !== 'IN_COMMITTEE') {
    throw conflict("Ce dossier n'est pas encore présenté en comité : passez-le à l'état « En comité de sélection » avant d'enregistrer la décision.");
  }
  const grading = (await gradingOf(ctx.db, committee.regionCode, [file.id])).get(file.id);
  const decidedAt = new Date();
  const id = randomUUID();
  const amountGranted = decision === 'RETAINED' ? file.total : null;
  const pdf = await decisionLetterPdf({
    regionLabel: `Agence régionale de santé ${regionName(committee.regionCode) ?? committee.regionCode}`,
    reference: file.reference,
    title: file.title,
    decision,
    motive,
    amountGranted,
    committeeLabel: committee.label,
    decidedAt,
  });
  const event: CommitteeDecisionEvent = { id, type: 'COMMITTEE_DECISION', candidatureId: file.id, decision, motive, committeeId: committee.id, decidedBy: me.sub, decidedAt: decidedAt.toISOString(), amountGranted };
  try {
    await ctx.db.transaction(async (m) => {
      const locked = await committeeRow(m, committee.id, true);
      if (!locked || locked.status === 'CLOSED') throw conflict('Ce comité vient d’être clos : ses décisions sont définitives.');
      const existing = rowsOf(await m.query(`SELECT decision FROM committee_decision WHERE committee_id = $1 AND candidature_id = $2`, [committee.id, file.id]))[0];
      if (existing) throw conflict(`Le comité a déjà décidé pour ce dossier (${existing.decision}) : une décision enregistrée est définitive.`);
      await m.query(
        `INSERT INTO committee_decision (id, committee_id, candidature_id, candidature_reference, candidature_title, porteur_account_id, porteur_email, organismes,
           decision, motive, amount_granted, funding_total, consensus, state_before, decided_by, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $11, $12, $13, $14, $15, $16)`,
        [id, committee.id, file.id, file.reference, file.title, file.porteurAccountId ?? null, file.porteurEmail ?? null, file.organismes ?? [], decision, motive, amountGranted, file.total, grading?.consensus ?? null, file.state, me.sub, decidedAt],
      );
      if (locked.status === 'PLANNED') {
        await m.query(`UPDATE committee SET status = 'IN_SESSION', version = version + 1 WHERE id = $1`, [committee.id]);
        await recordCommitteeEvent(m, committee.id, null, 'SESSION_STARTED', me.sub, { status: 'PLANNED' }, { status: 'IN_SESSION' });
      }
      await recordCommitteeEvent(m, committee.id, file.id, 'DECISION_RECORDED', me.sub, { state: file.state, decision: null }, { decision, motive, amountGranted, consensus: grading?.consensus ?? null });
      await m.query(`INSERT INTO decision_letter (decision_id, pdf) VALUES ($1, $2)`, [id, pdf]);
      await enqueue(m, TOPIC_CANDIDATURE_EVENT, event as unknown as Record<string, unknown>);
      // The letter e-mail is committed with the decision (server-kit outbox_email), sent after the commit.
      if (file.porteurEmail) {
        await enqueueEmail(m, decisionLetterEmail({ decisionId: id, to: file.porteurEmail, reference: file.reference, title: file.title, decision, motive, amountGranted, decidedAt }));
      } else {
        ctx.logger.warn({ candidature: file.id }, 'no e-mail address for the porteur: decision letter not e-mailed (downloadable in its space)');
      }
      await testPause('committee-decision:before-commit');
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('Une décision vient d’être enregistrée pour ce dossier dans une autre requête : rechargez l’ordre du jour.');
    throw error;
  }
  await testPause('committee-decision:after-commit');
  kickOutbox();
  decisionMailOutbox(ctx.db).kick();
  return (await visibleDecision(ctx, id)) as CommitteeDecision;
}

export async function visibleDecision(ctx: SubgraphContext, id: string): Promise<CommitteeDecision | null> {
  if (!isUuid(id)) return null;
  const rows = (await ctx.db.query(`${DECISION_SELECT} WHERE d.id = $1`, [id])) as DecisionRow[];
  return rows[0] && seesDecision(ctx.claims, rows[0]) ? toDecision(rows[0]) : null;
}

export async function decisionsOfCommittee(ctx: SubgraphContext, committeeId: string): Promise<CommitteeDecision[]> {
  const rows = (await ctx.db.query(`${DECISION_SELECT} WHERE d.committee_id = $1 ORDER BY d.decided_at, d.id`, [committeeId])) as DecisionRow[];
  return rows.filter((r) => seesDecision(ctx.claims, r)).map(toDecision);
}

export async function decisionsOfCandidature(ctx: SubgraphContext, candidatureId: string): Promise<CommitteeDecision[]> {
  const rows = (await ctx.db.query(`${DECISION_SELECT} WHERE d.candidature_id = $1 ORDER BY d.decided_at, d.id`, [candidatureId])) as DecisionRow[];
  return rows.filter((r) => seesDecision(ctx.claims, r)).map(toDecision);
}

/** Decisions the porteur may know of (a decision recorded on one of its files). */
export async function porteurDecidedFiles(ctx: SubgraphContext, candidatureIds: readonly string[]): Promise<Map<string, string>> {
  const { claims } = ctx;
  if (claims.role !== 'PORTEUR' || claims.organismes.length === 0) return new Map();
  const rows = (await ctx.db.query(
    `SELECT DISTINCT ON (d.candidature_id) d.candidature_id AS "candidatureId", c.region_code AS "regionCode"
     FROM committee_decision d JOIN committee c ON c.id = d.committee_id
     WHERE d.candidature_id = ANY($1::text[]) AND d.organismes && $2::text[] ORDER BY d.candidature_id, d.decided_at DESC`,
    [[...candidatureIds], claims.organismes],
  )) as { candidatureId: string; regionCode: string }[];
  return new Map(rows.map((r) => [r.candidatureId, r.regionCode]));
}

/** A file with a final decision (RETAINED / NOT_RETAINED): its grades can no longer change. */
export async function assertNotDecided(m: EntityManager, candidatureId: string): Promise<void> {
  const rows = rowsOf(await m.query(`SELECT decision FROM committee_decision WHERE candidature_id = $1 AND decision IN ('RETAINED', 'NOT_RETAINED') LIMIT 1`, [candidatureId]));
  if (rows[0]) throw conflict('Le comité de sélection a statué sur ce dossier : les notes dont sa décision dépend ne peuvent plus changer.');
}

/** The letter of a decision the caller may see, or null. */
export async function decisionLetter(ctx: Pick<SubgraphContext, 'claims' | 'db'>, decisionId: string): Promise<{ pdf: Buffer; reference: string } | null> {
  if (!isUuid(decisionId)) return null;
  const rows = (await ctx.db.query(
    `SELECT l.pdf, d.candidature_reference AS reference, d.organismes, c.region_code AS "regionCode" FROM decision_letter l
     JOIN committee_decision d ON d.id = l.decision_id JOIN committee c ON c.id = d.committee_id WHERE l.decision_id = $1`,
    [decisionId],
  )) as { pdf: Buffer; reference: string; organismes: string[]; regionCode: string }[];
  const row = rows[0];
  if (!row || !seesDecision(ctx.claims, row)) return null;
  return { pdf: Buffer.from(row.pdf), reference: row.reference };
}

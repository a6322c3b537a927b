import { LifecycleError, transition, type LifecycleAction } from '@esms/domain';
import { HttpError, type InternalRoute } from '@esms/server-kit';
import { mapCandidature, isUuid } from '../candidatures/candidature.repository';
import { writeTransition } from '../dialogue/transition';
import { accountContacts } from '../queue/annuaire-lookups';

/* eslint-disable @typescript-eslint/no-explicit-any */

const DECISION_ACTIONS: Record<string, LifecycleAction> = { RETAINED: 'retain', NOT_RETAINED: 'not_retain', POSTPONED: 'postpone' };

export interface CommitteeDecisionEvent {
  id: string;
  type: 'COMMITTEE_DECISION';
  candidatureId: string;
  decision: 'RETAINED' | 'NOT_RETAINED' | 'POSTPONED';
  motive: string;
  committeeId: string;
  decidedBy: string;
  decidedAt: string;
}

const bad = (message: string) => new HttpError(400, 'BAD_REQUEST', message);

export function parseDecisionEvent(body: unknown): CommitteeDecisionEvent {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const str = (k: string, max = 200) => {
    const v = b[k];
    if (typeof v !== 'string' || !v.trim() || v.length > max) throw bad(`Champ « ${k} » manquant ou invalide.`);
    return v.trim();
  };
  const id = str('id');
  if (b['type'] !== 'COMMITTEE_DECISION') throw bad('Type d’événement inconnu : seul COMMITTEE_DECISION est accepté.');
  const candidatureId = str('candidatureId').toLowerCase();
  if (!isUuid(candidatureId)) throw bad('« candidatureId » doit être un identifiant de candidature.');
  const decision = str('decision');
  if (!DECISION_ACTIONS[decision]) throw bad('« decision » vaut RETAINED, NOT_RETAINED ou POSTPONED.');
  const motive = typeof b['motive'] === 'string' ? (b['motive'] as string).trim() : '';
  if (motive.length > 4000) throw bad('« motive » compte au plus 4 000 caractères.');
  const decidedAt = str('decidedAt', 40);
  if (Number.isNaN(Date.parse(decidedAt))) throw bad('« decidedAt » doit être une date ISO.');
  return { id, type: 'COMMITTEE_DECISION', candidatureId, decision: decision as CommitteeDecisionEvent['decision'], motive, committeeId: str('committeeId'), decidedBy: str('decidedBy'), decidedAt };
}

/**
 * POST /internal/events/apply — a committee decision from grading-grid, applied once per event id: the
 * `processed_event` row, the domain transition and its `candidature_event` row in one transaction.
 */
export const applyEvent: InternalRoute = async (body, ctx) => {
  const event = parseDecisionEvent(body);
  const action = DECISION_ACTIONS[event.decision]!;
  return ctx.db.transaction(async (m) => {
    const inserted: any[] = await m.query(
      `INSERT INTO processed_event (id, type, candidature_id, processed_at) VALUES ($1, $2, $3, now()) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [event.id, event.type, event.candidatureId],
    );
    if (!inserted.length) return { status: 'DUPLICATE' };
    const rows: any[] = await m.query(`SELECT * FROM candidature WHERE id = $1 FOR UPDATE`, [event.candidatureId]);
    if (!rows[0]) throw new HttpError(404, 'NOT_FOUND', 'Candidature inconnue.');
    const row = mapCandidature(rows[0]);
    let to;
    try {
      to = transition(row.state, action, 'INSTRUCTEUR', { reason: event.motive || undefined });
    } catch (error) {
      if (error instanceof LifecycleError) throw new HttpError(409, 'CONFLICT', error.message);
      throw error;
    }
    await writeTransition(m, row, to, {
      action,
      actorId: event.decidedBy,
      actorRole: 'INSTRUCTEUR',
      at: new Date(event.decidedAt),
      details: { eventId: event.id, committeeId: event.committeeId, decidedAt: event.decidedAt, ...(event.motive ? { comment: event.motive } : {}), source: 'grading-grid' },
    });
    return { status: 'APPLIED', candidatureId: row.id, fromState: row.state, toState: to };
  });
};

/** POST /internal/candidatures/for-committee { regionCode, campaignId, windowCode? } → the files the committee ranks. */
export const candidaturesForCommittee: InternalRoute = async (body, ctx) => {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const regionCode = b['regionCode'];
  const campaignId = b['campaignId'];
  const windowCode = b['windowCode'] ?? null;
  if (typeof regionCode !== 'string' || typeof campaignId !== 'string' || (windowCode !== null && typeof windowCode !== 'string')) {
    throw bad('Le corps doit être { "regionCode": "28", "campaignId": "…", "windowCode": "W1" | null }.');
  }
  const files: any[] = await ctx.db.query(
    `SELECT c.* FROM candidature c WHERE c.pivot_region = $1 AND c.campaign_id = $2 AND ($3::text IS NULL OR c.window_code = $3)
       AND c.state = ANY(ARRAY['IN_COMMITTEE', 'UNDER_INSTRUCTION']) ORDER BY c.reference`,
    [regionCode, campaignId, windowCode],
  );
  if (!files.length) return [];
  const members: any[] = await ctx.db.query(`SELECT * FROM grappe_member WHERE candidature_id = ANY($1::uuid[]) ORDER BY rank NULLS LAST, finess`, [files.map((f) => f.id)]);
  const contacts = await accountContacts(files.map((f) => String(f.porteur_account_id)));
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
  return files.map((f) => {
    const row = mapCandidature(f);
    const ms = members
      .filter((x) => String(x.candidature_id) === row.id)
      .map((x) => ({
        finess: x.finess,
        name: x.establishment_name ?? null,
        category: x.category ?? null,
        field: x.field ?? null,
        situation: x.situation,
        regionCode: x.region_code,
        departement: x.departement ?? null,
        isSaad: x.saad_total_hours !== null && x.saad_total_hours !== undefined,
        finessEj: x.finess_ej ?? null,
      }));
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      state: row.state,
      desk: row.desk,
      multiregional: row.track === 'multiregional',
      submittedAt: row.submittedAt?.toISOString() ?? null,
      essmsCount: Number(f.essms_count ?? ms.length),
      total: Number(f.funding_total ?? 0),
      porteurEmail: contacts?.[row.porteurAccountId]?.email ?? null,
      organismes: row.organismes,
      members: ms,
      categories: uniq(ms.map((x) => x.category)),
      fields: uniq(ms.map((x) => x.field)),
      situations: uniq(ms.map((x) => x.situation)),
      regions: uniq(ms.map((x) => x.regionCode)),
      hasSaad: ms.some((x) => x.isSaad),
    };
  });
};

export const eventsInboxRoutes: Record<string, InternalRoute> = {
  'events/apply': applyEvent,
  'candidatures/for-committee': candidaturesForCommittee,
};

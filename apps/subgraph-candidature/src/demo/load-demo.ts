import { randomUUID } from 'node:crypto';
import {
  computeFunding,
  deskFor,
  parisStartOfDay,
  SHIPPED_CALENDARS,
  TRANSITIONS,
  transition,
  windowAt,
  type CandidatureState,
  type LifecycleAction,
  type LifecycleRole,
} from '@esms/domain';
import { demoAccountId, demoPorteurEmail } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { ensureShippedCampaigns } from '../campaigns/campaign.service';
import { candidatureReference } from '../candidatures/candidature.labels';
import { insertEvent } from '../candidatures/candidature.repository';
import { DEMO_FOLLOW_UP_TITLE, loadFollowUpDemo } from '../follow-up/follow-up-demo';
import { demoPorteurOrganisme, readDemoStructures, type DemoEssms, type DemoOrganisme } from './demo-structures';

/** Ids of the annuaire's fictional demo DUI catalogue (same normalisation as its `demo()` helper). */
const demoSolutionId = (editor: string, product: string, version: string, profile: string) =>
  `demo-${editor}-${product}-${version}-${profile}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
const SOLUTIONS = {
  alphaPa: { id: demoSolutionId('Éditeur Démo A', 'DUI Alpha', '3.2', 'PA'), name: 'DUI Alpha' },
  alphaPh: { id: demoSolutionId('Éditeur Démo A', 'DUI Alpha', '3.2', 'PH'), name: 'DUI Alpha' },
  beta: { id: demoSolutionId('Éditeur Démo B', 'DUI Bêta Domicile', '2.1', 'DOMICILE'), name: 'DUI Bêta Domicile' },
  gammaSocial: { id: demoSolutionId('Éditeur Démo C', 'DUI Gamma Social', '1.4', 'AHI'), name: 'DUI Gamma Social' },
  delta: { id: demoSolutionId('Éditeur Démo D', 'DUI Delta Tutelles', '5.0', 'PJM'), name: 'DUI Delta Tutelles' },
  epsilon: { id: demoSolutionId('Éditeur Démo E', 'DUI Epsilon Enfance', '2.3', 'PE'), name: 'DUI Epsilon Enfance' },
};

interface DemoSpec {
  campaignId: 'normandie-2024' | 'paca-2023';
  organisme: string; // FINESS EJ, or 'PORTEUR' for the demo porteur's organisme
  title: string;
  target: CandidatureState;
  /** ESSMS of the organisme in these regions, sorted by FINESS, slice [from, from + count). */
  regions: string[];
  from: number;
  count: number;
  situation: 'ACQUISITION' | 'UPGRADE';
  solution: keyof typeof SOLUTIONS;
  submittedOn?: string;
  hardwareQuote?: number;
  saad?: boolean;
  amoa?: boolean;
}

const N = 'normandie-2024' as const;
const P = 'paca-2023' as const;
const SPECS: DemoSpec[] = [
  { campaignId: N, organisme: 'PORTEUR', title: 'Grappe nationale : DUI Alpha pour 50 ESSMS en Normandie et en Bretagne', target: 'UNDER_INSTRUCTION', regions: ['28', '53'], from: 0, count: 50, situation: 'ACQUISITION', solution: 'alphaPa', submittedOn: '2024-05-10' },
  { campaignId: N, organisme: 'PORTEUR', title: 'Mise à niveau Ségur des établissements de Seine-Maritime', target: 'DRAFT', regions: ['28', '53'], from: 50, count: 12, situation: 'ACQUISITION', solution: 'alphaPa' },
  { campaignId: N, organisme: '762251460', title: 'DUI des EHPAD du CCAS de Rouen', target: 'CONVENTION_SIGNED', regions: ['28'], from: 0, count: 4, situation: 'ACQUISITION', solution: 'alphaPa', submittedOn: '2024-03-12', hardwareQuote: 12500, amoa: true },
  { campaignId: N, organisme: '505509521', title: 'Ajoncs numériques : établissements enfance et handicap', target: 'IN_COMMITTEE', regions: ['28'], from: 0, count: 8, situation: 'ACQUISITION', solution: 'alphaPh', submittedOn: '2024-04-02' },
  { campaignId: N, organisme: '505509521', title: 'Ajoncs numériques : services du Cotentin', target: 'SUBMITTED', regions: ['28'], from: 8, count: 6, situation: 'UPGRADE', solution: 'alphaPh', submittedOn: '2024-07-08' },
  { campaignId: N, organisme: '140842626', title: 'EPI Auge : DUI domicile et EHPAD', target: 'NOT_RETAINED', regions: ['28'], from: 0, count: 2, situation: 'ACQUISITION', solution: 'beta', submittedOn: '2024-03-20', saad: true },
  { campaignId: N, organisme: '353172760', title: 'Réseau Solidaire : insertion et protection en Normandie', target: 'RETAINED', regions: ['28'], from: 0, count: 6, situation: 'ACQUISITION', solution: 'gammaSocial', submittedOn: '2024-02-26' },
  { campaignId: N, organisme: '353172760', title: 'Réseau Solidaire : EHPAD normands', target: 'COMPLEMENT_REQUESTED', regions: ['28'], from: 6, count: 4, situation: 'ACQUISITION', solution: 'alphaPa', submittedOn: '2024-06-18' },
  { campaignId: N, organisme: '935834143', title: 'Horizons Insertion Normandie', target: 'NON_RECEVABLE', regions: ['28'], from: 0, count: 4, situation: 'ACQUISITION', solution: 'gammaSocial', submittedOn: '2024-09-14' },
  { campaignId: P, organisme: '131825275', title: 'Fondation Provence : DUI Alpha dans les EHPAD', target: 'IN_DEPLOYMENT', regions: ['93'], from: 0, count: 20, situation: 'ACQUISITION', solution: 'alphaPa', submittedOn: '2023-03-15' },
  { campaignId: P, organisme: '131825275', title: 'Fondation Provence : mise à niveau des services à domicile', target: 'ADVANCE_PAID', regions: ['93'], from: 20, count: 15, situation: 'UPGRADE', solution: 'alphaPa', submittedOn: '2023-04-20' },
  { campaignId: P, organisme: '131825275', title: 'Fondation Provence : établissements pour personnes handicapées', target: 'POSTPONED', regions: ['93'], from: 35, count: 10, situation: 'ACQUISITION', solution: 'alphaPh', submittedOn: '2023-06-02' },
  { campaignId: P, organisme: '131825275', title: 'Fondation Provence : résidences des Alpes', target: 'UNDER_INSTRUCTION', regions: ['93'], from: 45, count: 9, situation: 'ACQUISITION', solution: 'alphaPa', submittedOn: '2023-09-12' },
  { campaignId: P, organisme: '134625011', title: 'AMAH : insertion numérique', target: 'RETAINED', regions: ['93'], from: 0, count: 6, situation: 'ACQUISITION', solution: 'gammaSocial', submittedOn: '2023-02-21' },
  { campaignId: P, organisme: '134625011', title: 'AMAH : hébergement d’urgence', target: 'SUBMITTED', regions: ['93'], from: 6, count: 4, situation: 'ACQUISITION', solution: 'gammaSocial', submittedOn: '2023-08-30' },
  { campaignId: P, organisme: '065926214', title: 'Tutelles connectées du Littoral', target: 'NOT_RETAINED', regions: ['93'], from: 0, count: 5, situation: 'ACQUISITION', solution: 'delta', submittedOn: '2023-04-11' },
  // Follow-up journey (issue 6): the demo porteur's selected file in deployment (convention and advance in src/follow-up/follow-up-demo.ts).
  { campaignId: N, organisme: 'PORTEUR', title: DEMO_FOLLOW_UP_TITLE, target: 'IN_DEPLOYMENT', regions: ['28'], from: 41, count: 3, situation: 'ACQUISITION', solution: 'alphaPa', submittedOn: '2024-02-20' },
  { campaignId: P, organisme: '835563214', title: "SAAD du Var : DUI Bêta Domicile", target: 'CONVENTION_SIGNED', regions: ['93'], from: 0, count: 8, situation: 'ACQUISITION', solution: 'beta', submittedOn: '2023-03-28', saad: true, hardwareQuote: 24000 },
];

/** Shortest path of lifecycle actions from DRAFT to each state (the demo histories are real transitions). */
const PATHS: Record<CandidatureState, LifecycleAction[]> = {
  DRAFT: [],
  SUBMITTED: ['submit'],
  COMPLEMENT_REQUESTED: ['submit', 'request_complement'],
  UNDER_INSTRUCTION: ['submit', 'start_instruction'],
  NON_RECEVABLE: ['submit', 'declare_non_recevable'],
  IN_COMMITTEE: ['submit', 'start_instruction', 'send_to_committee'],
  RETAINED: ['submit', 'start_instruction', 'send_to_committee', 'retain'],
  NOT_RETAINED: ['submit', 'start_instruction', 'send_to_committee', 'not_retain'],
  POSTPONED: ['submit', 'start_instruction', 'send_to_committee', 'postpone'],
  CONVENTION_SIGNED: ['submit', 'start_instruction', 'send_to_committee', 'retain', 'sign_convention'],
  ADVANCE_PAID: ['submit', 'start_instruction', 'send_to_committee', 'retain', 'sign_convention', 'pay_advance'],
  IN_DEPLOYMENT: ['submit', 'start_instruction', 'send_to_committee', 'retain', 'sign_convention', 'pay_advance', 'start_deployment'],
  BALANCE_REQUESTED: ['submit', 'start_instruction', 'send_to_committee', 'retain', 'sign_convention', 'pay_advance', 'start_deployment', 'request_balance'],
  CLOSED: ['submit', 'start_instruction', 'send_to_committee', 'retain', 'sign_convention', 'pay_advance', 'start_deployment', 'request_balance', 'pay_balance'],
};

const COMMENTS: Partial<Record<LifecycleAction, string>> = {
  request_complement: 'Merci de joindre le planning du déploiement du DUI (P07) et la lettre d’engagement signée (P10).',
  declare_non_recevable: 'Dossier incomplet à la clôture : plan de financement (P09) et attestation de mutualisation (P03) absents.',
  not_retain: 'Projet peu mature (note 9/20) : gouvernance et conduite du changement à consolider.',
  postpone: 'Ajourné au comité suivant : le référencement Ségur des solutions reste à confirmer.',
};

/** E-mails of the demo accounts acting in the histories (ids: `demoAccountId(email)`, as the annuaire seeds them). */
const DEMO_ACTORS: Record<string, string> = {
  'INSTRUCTEUR:28': 'instructeur.normandie@demo.esms-numerique.fr',
  'INSTRUCTEUR:93': 'instructeur.paca@demo.esms-numerique.fr',
  CNSA: 'cnsa@demo.esms-numerique.fr',
};

const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);

/**
 * Loads the demo candidatures once (marker row `candidature-demo`): ~17 files of the Normandie 2024 and PACA 2023
 * campaigns in every state, built from tools/demo-data/demo-structures.json, with their histories and the
 * funding history rows E03–E05 read. Returns false when already loaded or when the demo file is missing.
 */
export async function loadDemoData(db: DataSource): Promise<{ loaded: boolean; candidatures: number; reason?: string }> {
  await ensureShippedCampaigns(db);
  const organismes = readDemoStructures();
  if (!organismes) return { loaded: false, candidatures: 0, reason: 'tools/demo-data/demo-structures.json est absent' };
  return db.transaction(async (m) => {
    const inserted: any[] = await m.query(`INSERT INTO demo_marker (name) VALUES ('candidature-demo') ON CONFLICT DO NOTHING RETURNING name`);
    if (!inserted.length) return { loaded: false, candidatures: 0, reason: 'déjà chargées' };
    const porteur = demoPorteurOrganisme(organismes);
    let count = 0;
    for (const spec of SPECS) {
      const org = spec.organisme === 'PORTEUR' ? porteur : organismes.find((o) => o.finessEj === spec.organisme);
      if (!org) continue;
      const essms = org.essms.filter((e) => spec.regions.includes(e.regionCode)).slice(spec.from, spec.from + spec.count);
      if (!essms.length) continue;
      await insertDemoCandidature(m, spec, org, essms, organismes, porteur?.finessEj ?? null);
      count += 1;
    }
    if (porteur) await insertPastFundings(m, porteur);
    await loadFollowUpDemo(m); // conventions, payments and measurements of the selected files (issue 6)
    return { loaded: true, candidatures: count };
  });
}

async function insertDemoCandidature(m: EntityManager, spec: DemoSpec, org: DemoOrganisme, essms: DemoEssms[], all: DemoOrganisme[], mainOrganisme: string | null) {
  // The porteur of the file: the annuaire's demo account of its organisme (porteur@demo for the main one).
  const porteurAccountId = demoAccountId(demoPorteurEmail(org.finessEj, mainOrganisme));
  const calendar = SHIPPED_CALENDARS.find((c) => c.id === spec.campaignId)!;
  const seqRows: any[] = await m.query(`UPDATE campaign SET reference_seq = reference_seq + 1 WHERE id = $1 RETURNING reference_seq`, [spec.campaignId]);
  const seq = Number((Array.isArray(seqRows[0]) ? seqRows[0][0] : seqRows[0]).reference_seq);
  const id = randomUUID();
  const desk = deskFor(essms.map((e) => ({ finess: e.finess, regionCode: e.regionCode })), { headOfficeRegion: org.regionCode ?? undefined });
  const track = calendar.tracks[desk.track];
  const solution = SOLUTIONS[spec.solution];
  const members = essms.map((e, i) => ({
    finess: e.finess,
    regionCode: e.regionCode,
    situation: spec.situation,
    organismeFinessEj: org.finessEj,
    ...(spec.hardwareQuote ? { hardwareQuote: spec.hardwareQuote + i * 500 } : {}),
    ...(spec.saad && e.category === '460' ? { saadTotalHours: 12000, saadMedicoSocialHours: 9001 } : {}),
  }));
  const sizes = Object.fromEntries(all.map((o) => [o.finessEj, o.essms.length]));
  const funding = computeFunding({ essms: members, amoa: spec.amoa, organismeSizes: sizes });
  const rank = new Map(funding.lines.map((l) => [l.finess, l.rank]));

  const created = spec.submittedOn ? addDays(parisStartOfDay(spec.submittedOn), -20) : addDays(parisStartOfDay(calendar.tracks.regional.opensOn), 10);
  await m.query(
    `INSERT INTO candidature (id, reference, campaign_id, porteur_account_id, organismes, title, state, desk, pivot_region, track, amoa_requested, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::text[], $6, 'DRAFT', $7, $8, $9, $10, 1, $11, $11)`,
    [id, candidatureReference(calendar.regionCode, calendar.year, seq), spec.campaignId, porteurAccountId, [org.finessEj], spec.title, desk.desk, desk.pivotRegion, desk.track, !!spec.amoa, created],
  );
  for (const [i, member] of members.entries()) {
    const e = essms[i];
    await m.query(
      `INSERT INTO grappe_member (candidature_id, finess, rank, situation, current_dui, chosen_solution_id, saad_total_hours, saad_medico_social_hours, hardware_quote, national_entity, region_code, finess_ej)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [id, e.finess, rank.get(e.finess) ?? null, spec.situation, spec.situation === 'UPGRADE' ? solution.name : null, solution.id, member.saadTotalHours ?? null, member.saadMedicoSocialHours ?? null, member.hardwareQuote ?? null, null, e.regionCode, org.finessEj],
    );
  }
  await insertEvent(m, { candidatureId: id, actorId: porteurAccountId, actorRole: 'PORTEUR', action: 'create', fromState: null, toState: 'DRAFT', at: created, details: { demo: true } });

  let state: CandidatureState = 'DRAFT';
  let at = spec.submittedOn ? new Date(parisStartOfDay(spec.submittedOn).getTime() + 10 * 3_600_000) : created;
  let version = 1;
  let submittedAt: Date | null = null;
  for (const action of PATHS[spec.target]) {
    const t = TRANSITIONS.find((x) => x.from === state && x.action === action)!;
    const role: LifecycleRole = t.roles.includes('PORTEUR') && !t.roles.includes('INSTRUCTEUR') ? 'PORTEUR' : desk.desk === 'NATIONAL' ? 'CNSA' : 'INSTRUCTEUR';
    const comment = COMMENTS[action];
    const to = transition(state, action, role, { submissionOnTime: true, reason: comment ?? 'démo', missingBalanceConditions: [] });
    if (action === 'submit') submittedAt = at;
    const actor =
      role === 'PORTEUR'
        ? porteurAccountId
        : demoAccountId(role === 'INSTRUCTEUR' ? (DEMO_ACTORS[`INSTRUCTEUR:${desk.pivotRegion}`] ?? `instructeur.${desk.pivotRegion}@demo.esms-numerique.fr`) : DEMO_ACTORS[role]);
    await insertEvent(m, { candidatureId: id, actorId: actor, actorRole: role, action, fromState: state, toState: to, at, details: comment ? { comment, demo: true } : { demo: true } });
    if (action === 'sign_convention') {
      for (const line of funding.lines) {
        await m.query(
          `INSERT INTO funding_history (finess, campaign, situation, software_solution, sons_ordered, amount, source, candidature_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [line.finess, calendar.label, line.situation, solution.id, line.situation === 'UPGRADE', line.usages + line.software + line.hardware, 'candidature (démo)', id, at],
        );
      }
    }
    state = to;
    version += 1;
    at = addDays(at, action === 'submit' ? 12 : 25);
  }
  const windowCode = submittedAt ? (windowAt(track, submittedAt)?.code ?? null) : null;
  await m.query(`UPDATE candidature SET state = $2, version = $3, submitted_at = $4, window_code = $5, updated_at = $6 WHERE id = $1`, [
    id,
    state,
    version,
    submittedAt,
    windowCode,
    state === 'DRAFT' ? created : addDays(at, -20),
  ]);
}

/** Earlier fundings of three ESSMS of the demo porteur's draft, so that E03, E04 and E05 show on it. */
async function insertPastFundings(m: EntityManager, porteur: DemoOrganisme) {
  const draft = SPECS.find((s) => s.organisme === 'PORTEUR' && s.target === 'DRAFT')!;
  const essms = porteur.essms.filter((e) => draft.regions.includes(e.regionCode)).slice(draft.from, draft.from + 3);
  const rows: [string, string, string, boolean, number][] = [
    // E03: already funded for the same software.
    ['ARS Normandie — appel à projets ESMS numérique 2022 (historique démo)', 'ACQUISITION', SOLUTIONS.alphaPa.id, false, 21000],
    // E04: already funded for another DUI.
    ['ARS Normandie — appel à projets ESMS numérique 2023 (historique démo)', 'ACQUISITION', SOLUTIONS.epsilon.id, false, 21000],
    // E05: Prestation Ségur (SONS) ordered for another DUI.
    ['Prestation Ségur — commande SONS 2023 (historique démo)', 'NONE', SOLUTIONS.beta.id, true, 0],
  ];
  for (const [i, e] of essms.entries()) {
    const [campaign, situation, software, sons, amount] = rows[i];
    await m.query(
      `INSERT INTO funding_history (finess, campaign, situation, software_solution, sons_ordered, amount, source) VALUES ($1, $2, $3, $4, $5, $6, 'historique (démo)')`,
      [e.finess, campaign, situation, software, sons, amount],
    );
  }
}

/*
 * The candidatures of the national volume, planned from the annuaire's ESSMS (pure, seeded):
 * - primary grappes partition the open ESSMS of each region (several small organismes grouped, large ones
 *   split), spread over two campaign years and two windows, most of them funded by now;
 * - extra files re-use ESSMS: refused, postponed, inadmissible, drafts, files still in instruction, and a few
 *   funded twice (so that the same ESSMS is measured in two files, which the dashboard must count once);
 * - amounts from the domain (`computeFunding`, organisme sizes = its open ESSMS, `splitPayment`), conventions,
 *   payments and the lifecycle events of each file along the domain's transitions.
 */
import { computeFunding, indicativeDurationMonths, isOverseasOrCorse, measurementPeriod, REGIONS, splitPayment, TRANSITIONS, type CandidatureState } from '@esms/domain';
import type { ScaleEssms, ScaleOrganisme } from './flow';
import { Rng, serialUuid } from './random';

export const FUNDED_STATES: readonly CandidatureState[] = ['CONVENTION_SIGNED', 'ADVANCE_PAID', 'IN_DEPLOYMENT', 'BALANCE_REQUESTED', 'CLOSED'];

/** Ids of the annuaire's demo DUI catalogue (loaded in demo mode; same normalisation as its `demo()` helper). */
const solutionId = (editor: string, product: string, version: string, profile: string) =>
  `demo-${editor}-${product}-${version}-${profile}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
export const SOLUTIONS: readonly (readonly [string | null, number])[] = [
  [solutionId('Éditeur Démo A', 'DUI Alpha', '3.2', 'PA'), 30],
  [solutionId('Éditeur Démo A', 'DUI Alpha', '3.2', 'PH'), 20],
  [solutionId('Éditeur Démo B', 'DUI Bêta Domicile', '2.1', 'DOMICILE'), 15],
  [solutionId('Éditeur Démo C', 'DUI Gamma Social', '1.4', 'AHI'), 12],
  [solutionId('Éditeur Démo D', 'DUI Delta Tutelles', '5.0', 'PJM'), 8],
  [solutionId('Éditeur Démo E', 'DUI Epsilon Enfance', '2.3', 'PE'), 10],
  [null, 5],
];

export interface Window {
  year: number;
  code: 'W1' | 'W2';
  opensOn: string;
  closesOn: string;
}
export const WINDOWS: readonly Window[] = [
  { year: 2023, code: 'W1', opensOn: '2023-01-16', closesOn: '2023-05-31' },
  { year: 2023, code: 'W2', opensOn: '2023-06-01', closesOn: '2023-09-15' },
  { year: 2024, code: 'W1', opensOn: '2024-01-15', closesOn: '2024-05-31' },
  { year: 2024, code: 'W2', opensOn: '2024-06-01', closesOn: '2024-09-15' },
];

/** Where each primary grappe lands (window weight) and the states it reached there. */
const PRIMARY: readonly { window: number; weight: number; states: readonly (readonly [CandidatureState, number])[] }[] = [
  { window: 0, weight: 32, states: [['CLOSED', 30], ['BALANCE_REQUESTED', 20], ['IN_DEPLOYMENT', 45], ['ADVANCE_PAID', 5]] },
  { window: 1, weight: 28, states: [['CLOSED', 15], ['BALANCE_REQUESTED', 20], ['IN_DEPLOYMENT', 55], ['ADVANCE_PAID', 5], ['CONVENTION_SIGNED', 5]] },
  { window: 2, weight: 40, states: [['IN_DEPLOYMENT', 45], ['ADVANCE_PAID', 30], ['CONVENTION_SIGNED', 20], ['RETAINED', 5]] },
];
/** Extra files (ESSMS already in a primary grappe). */
const EXTRA: readonly { window: number; states: readonly (readonly [CandidatureState, number])[] }[] = [
  { window: 0, states: [['NOT_RETAINED', 45], ['NON_RECEVABLE', 25], ['DRAFT', 30]] },
  { window: 1, states: [['NOT_RETAINED', 40], ['POSTPONED', 30], ['NON_RECEVABLE', 30]] },
  { window: 3, states: [['SUBMITTED', 25], ['COMPLEMENT_REQUESTED', 10], ['UNDER_INSTRUCTION', 25], ['IN_COMMITTEE', 20], ['RETAINED', 15], ['DRAFT', 5]] },
];
/** Share of the files funded twice over the same ESSMS (exercises the "distinct ESSMS" counts). */
const TWICE_FUNDED = 0.015;

export interface PlannedMember {
  finess: string;
  finessEj: string;
  regionCode: string;
  situation: 'ACQUISITION' | 'UPGRADE';
  rank: number;
  solutionId: string | null;
  hardwareQuote: number | null;
}

export interface PlannedEvent {
  action: string;
  from: CandidatureState | null;
  to: CandidatureState;
  at: string;
  role: string;
}

export interface PlannedFile {
  id: string;
  reference: string;
  campaignId: string;
  regionCode: string;
  organismes: string[];
  title: string;
  state: CandidatureState;
  windowCode: string;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
  amoa: boolean;
  version: number;
  fundingTotal: number;
  members: PlannedMember[];
  events: PlannedEvent[];
  convention: { id: string; total: number; advance: number; balance: number; durationMonths: number | null; signedOn: string; expectedEnd: string | null } | null;
  payments: { id: string; kind: 'ADVANCE' | 'BALANCE'; amount: number; status: 'DUE' | 'PAID'; dueOn: string; paidOn: string | null; reference: string | null }[];
  /** First month of the first usage measurement ('YYYY-MM', the convention's month), null when not funded. */
  firstMonth: string | null;
}

export interface PlannedCampaign {
  id: string;
  regionCode: string;
  year: number;
  label: string;
  calendar: Record<string, unknown>;
}

export interface ScalePlan {
  campaigns: PlannedCampaign[];
  files: PlannedFile[];
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso.slice(0, 10)}T09:00:00Z`) + days * 86_400_000).toISOString();
const day = (iso: string) => iso.slice(0, 10);
const addMonths = (isoDay: string, months: number) => {
  const d = new Date(`${isoDay}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

export const campaignId = (region: string, year: number) => `scale-${region}-${year}`;

function campaignsOf(): PlannedCampaign[] {
  const out: PlannedCampaign[] = [];
  for (const region of REGIONS) {
    for (const year of [2023, 2024]) {
      const windows = WINDOWS.filter((w) => w.year === year);
      const calendar = {
        id: campaignId(region.code, year),
        regionCode: region.code,
        year,
        label: `ARS ${region.name} — appel à projets ESMS numérique ${year} (volume national généré)`,
        source: 'tools/scale (données générées)',
        tracks: {
          regional: { opensOn: windows[0].opensOn, closesOn: windows[1].closesOn, windows: windows.map((w) => ({ code: w.code, opensOn: w.opensOn, closesOn: w.closesOn })) },
          multiregional: { opensOn: windows[0].opensOn, closesOn: windows[0].closesOn, windows: [] },
        },
      };
      out.push({ id: calendar.id, regionCode: region.code, year, label: calendar.label, calendar });
    }
  }
  return out;
}

/** The shortest path of the domain's transitions from DRAFT to `target` (the history the file went through). */
export function pathTo(target: CandidatureState): { action: string; from: CandidatureState; to: CandidatureState; role: string }[] {
  const queue: { state: CandidatureState; path: { action: string; from: CandidatureState; to: CandidatureState; role: string }[] }[] = [{ state: 'DRAFT', path: [] }];
  const seen = new Set<CandidatureState>(['DRAFT']);
  while (queue.length) {
    const { state, path } = queue.shift()!;
    if (state === target) return path;
    for (const t of TRANSITIONS.filter((x) => x.from === state)) {
      if (seen.has(t.to) || t.action === 'reopen' || t.action === 'refuse_balance') continue;
      seen.add(t.to);
      queue.push({ state: t.to, path: [...path, { action: t.action, from: t.from, to: t.to, role: t.roles[0] }] });
    }
  }
  throw new Error(`No lifecycle path to ${target}`);
}

/** Builds the plan for `count` candidatures over the organismes' open ESSMS. */
export function planCandidatures(organismes: readonly ScaleOrganisme[], options: { count: number; seed: number }): ScalePlan {
  const rng = new Rng(options.seed + 1);
  const open = (o: ScaleOrganisme) => o.essms.filter((e) => !e.closed);
  const sizes: Record<string, number> = Object.fromEntries(organismes.map((o) => [o.finessEj, open(o).length]));
  const openTotal = organismes.reduce((n, o) => n + open(o).length, 0);
  const primaryCount = Math.round(options.count * 0.78);
  const average = openTotal / primaryCount;
  const drawSize = (region: string) => {
    const avg = isOverseasOrCorse(region) ? average * 0.6 : average;
    return rng.int(Math.max(2, Math.round(avg * 0.5)), Math.round(avg * 1.5));
  };

  // 1. Primary grappes: each region's open ESSMS, organisme by organisme.
  const grappes: { region: string; essms: ScaleEssms[] }[] = [];
  for (const region of REGIONS.map((r) => r.code)) {
    let current: ScaleEssms[] = [];
    let size = drawSize(region);
    for (const o of organismes.filter((x) => x.regionCode === region)) {
      for (const e of open(o)) {
        current.push(e);
        if (current.length >= size) {
          grappes.push({ region, essms: current });
          current = [];
          size = drawSize(region);
        }
      }
    }
    if (current.length) grappes.push({ region, essms: current });
  }

  const files: PlannedFile[] = [];
  const seqByCampaign = new Map<string, number>();
  const addFile = (region: string, essms: ScaleEssms[], windowIndex: number, state: CandidatureState) => {
    const serial = files.length + 1;
    const window = WINDOWS[windowIndex];
    const cid = campaignId(region, window.year);
    const seq = (seqByCampaign.get(cid) ?? 0) + 1;
    seqByCampaign.set(cid, seq);
    const kind = rng.weighted([['ACQUISITION', 55], ['UPGRADE', 25], ['MIXED', 20]] as const);
    const solution = rng.weighted(SOLUTIONS);
    const members: PlannedMember[] = essms.map((e) => ({
      finess: e.finess,
      finessEj: e.finessEj,
      regionCode: e.regionCode,
      situation: kind === 'MIXED' ? (rng.float() < 0.6 ? 'ACQUISITION' : 'UPGRADE') : kind,
      rank: 0,
      solutionId: solution,
      hardwareQuote: sizes[e.finessEj] < 15 && rng.float() < 0.4 ? rng.int(15, 250) * 100 : null,
    }));
    const amoa = rng.float() < 0.1;
    const funding = computeFunding({
      essms: members.map((m) => ({ finess: m.finess, regionCode: m.regionCode, situation: m.situation, organismeFinessEj: m.finessEj, ...(m.hardwareQuote !== null ? { hardwareQuote: m.hardwareQuote } : {}) })),
      amoa,
      organismeSizes: Object.fromEntries([...new Set(members.map((m) => m.finessEj))].map((ej) => [ej, sizes[ej]])),
    });
    const rankOf = new Map(funding.lines.map((l) => [l.finess, l.rank]));
    for (const m of members) m.rank = rankOf.get(m.finess) ?? 0;

    const span = (Date.parse(window.closesOn) - Date.parse(window.opensOn)) / 86_400_000;
    const createdAt = addDays(window.opensOn, rng.int(0, Math.max(0, Math.floor(span) - 20)));
    const submittedAt = state === 'DRAFT' ? null : addDays(createdAt, rng.int(3, 19));
    const path = pathTo(state);
    const events: PlannedEvent[] = [];
    let at = submittedAt ?? createdAt;
    let signedOn: string | null = null;
    const paidOn: Record<string, string> = {};
    for (const step of path) {
      if (step.action !== 'submit') at = addDays(at, step.action === 'sign_convention' ? rng.int(20, 60) : step.action === 'start_deployment' ? rng.int(5, 30) : step.action === 'request_balance' ? rng.int(300, 420) : rng.int(5, 40));
      if (step.action === 'sign_convention') signedOn = day(at);
      if (step.action === 'pay_advance' || step.action === 'pay_balance') paidOn[step.action] = day(at);
      events.push({ action: step.action, from: step.from, to: step.to, at, role: step.role });
    }
    const id = serialUuid(0xca5d0000, serial);
    const anyAcquisition = members.some((m) => m.situation === 'ACQUISITION');
    let convention: PlannedFile['convention'] = null;
    const payments: PlannedFile['payments'] = [];
    if (signedOn) {
      const split = splitPayment(funding.total);
      const duration = indicativeDurationMonths({ anyAcquisition, desk: 'REGIONAL' });
      convention = { id: serialUuid(0xc0a70000, serial), total: funding.total, ...split, durationMonths: duration, signedOn, expectedEnd: duration ? addMonths(signedOn, duration) : null };
      const advancePaid = paidOn['pay_advance'] ?? null;
      payments.push({ id: serialUuid(0xba1d0000, serial * 2), kind: 'ADVANCE', amount: split.advance, status: advancePaid ? 'PAID' : 'DUE', dueOn: signedOn, paidOn: advancePaid, reference: advancePaid ? `VIR-SCALE-${serial}-A` : null });
      const balancePaid = paidOn['pay_balance'] ?? null;
      if (balancePaid || (state === 'BALANCE_REQUESTED' && rng.float() < 0.5)) {
        const dueOn = day(addDays(at, 10));
        payments.push({ id: serialUuid(0xba1d0000, serial * 2 + 1), kind: 'BALANCE', amount: split.balance, status: balancePaid ? 'PAID' : 'DUE', dueOn: balancePaid ?? dueOn, paidOn: balancePaid, reference: balancePaid ? `VIR-SCALE-${serial}-S` : null });
      }
    }
    const ejs = [...new Set(members.map((m) => m.finessEj))];
    const lead = organismes.find((o) => o.finessEj === ejs[0]);
    files.push({
      id,
      reference: `SCALE-${region}-${window.year}-${String(seq).padStart(4, '0')}`,
      campaignId: cid,
      regionCode: region,
      organismes: ejs,
      title: `${lead?.name ?? 'Grappe'} — DUI de ${members.length} ESSMS (${window.code} ${window.year})`,
      state,
      windowCode: window.code,
      submittedAt,
      createdAt,
      updatedAt: at,
      amoa,
      version: 1 + 1 + events.length, // creation, grappe, then one bump per transition
      fundingTotal: funding.total,
      members,
      events,
      convention,
      payments,
      firstMonth: FUNDED_STATES.includes(state) && signedOn ? signedOn.slice(0, 7) : null,
    });
  };

  for (const g of grappes) {
    const where = rng.weighted(PRIMARY.map((p) => [p, p.weight] as const));
    addFile(g.region, g.essms, where.window, rng.weighted(where.states));
  }
  // 2. Extra files over ESSMS already in a grappe (same region), a few of them funded a second time.
  const byRegion = new Map<string, ScaleEssms[]>();
  for (const g of grappes) (byRegion.get(g.region) ?? byRegion.set(g.region, []).get(g.region)!).push(...g.essms);
  const regions = [...byRegion.keys()];
  const weights = regions.map((r) => [r, byRegion.get(r)!.length] as const);
  const extras = Math.max(0, options.count - files.length);
  for (let i = 0; i < extras; i++) {
    const region = rng.weighted(weights);
    const pool = byRegion.get(region)!;
    const size = Math.min(pool.length, drawSize(region));
    const start = rng.int(0, pool.length - 1);
    const essms = Array.from({ length: size }, (_, k) => pool[(start + k) % pool.length]);
    if (rng.float() < TWICE_FUNDED * (options.count / Math.max(1, extras))) addFile(region, essms, 2, 'IN_DEPLOYMENT');
    else {
      const extra = rng.pick(EXTRA);
      addFile(region, essms, extra.window, rng.weighted(extra.states));
    }
  }
  return { campaigns: campaignsOf(), files };
}

export interface MeasurementValues {
  month: string;
  periodFrom: string;
  periodTo: string;
  persons: number;
  mssante: number;
  dmp: number;
  active: number;
  withPp: number;
  withAgenda: number;
  ePrescriptions: number | null;
  eParcours: number | null;
}

/**
 * The `months` monthly measurements of one ESSMS of a funded file (003 §5 periods, domain `measurementPeriod`):
 * usage climbs from about a third of the targets to beyond them, at each ESSMS's own pace, with noise.
 */
export function measurementsOf(seed: number, fileId: string, finess: string, firstMonth: string, months: number): MeasurementValues[] {
  const rng = Rng.of(seed, fileId, finess);
  const persons0 = rng.int(15, 160);
  const pace = 0.5 + rng.float() * 1.4;
  const ceiling = 0.75 + rng.float() * 0.3;
  const out: MeasurementValues[] = [];
  for (let k = 0; k < months; k++) {
    const period = measurementPeriod(firstMonth, k);
    const adoption = Math.min(ceiling, 0.3 + (ceiling - 0.3) * (1 - Math.exp((-pace * k) / 8)));
    const noise = () => 0.85 + rng.float() * 0.3;
    const persons = Math.max(1, Math.round(persons0 * (0.95 + rng.float() * 0.1)));
    const active = Math.min(persons, Math.round(persons * Math.min(1, adoption * 1.15 * noise())));
    out.push({
      month: period.to.slice(0, 7),
      periodFrom: period.from,
      periodTo: period.to,
      persons,
      mssante: Math.round(persons * adoption * noise()),
      dmp: Math.min(persons, Math.round(persons * adoption * noise())),
      active,
      withPp: Math.min(active, Math.round(active * Math.min(1, adoption * 1.1 * noise()))),
      withAgenda: Math.min(active, Math.round(active * Math.min(1, adoption * 1.05 * noise()))),
      ePrescriptions: rng.float() < 0.5 ? rng.int(0, persons) : null,
      eParcours: rng.float() < 0.5 ? rng.int(0, persons) : null,
    });
  }
  return out;
}

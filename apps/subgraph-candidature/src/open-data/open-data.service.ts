import { REGIONS, STATE_LABELS, type CandidatureState } from '@esms/domain';
import type { Logger } from '@esms/server-kit';
import type { DataSource, EntityManager } from 'typeorm';
import { filesCte } from '../national-stats/dashboard-sql';
import { refreshNationalFacts } from '../national-stats/national-facts';
import { FIELD_LABELS, NO_REGION, PROJECT_TYPE_LABELS } from '../national-stats/programme-envelope';
import type { OpenData, OpenDataArea, OpenDataBreakdown } from './open-data.types';
import { cell, MINIMUM_GROUP_SIZE, protectPartition } from './suppression';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

/** Every file that reached the ARS (a draft never submitted is the porteur's private working copy). */
const PUBLISHED_SCOPE = { sql: `c.state <> 'DRAFT' OR c.submitted_at IS NOT NULL`, params: [] };
const n = (v: unknown) => Number(v ?? 0);

interface Facts {
  files: number;
  amount: number;
  grantedFiles: number;
  grantedAmount: number;
  covered: number;
}

function area(code: string, name: string, facts: Facts, states: any[]): OpenDataArea {
  const byState: OpenDataBreakdown[] = states
    .sort((a, b) => Object.keys(STATE_LABELS).indexOf(a.state) - Object.keys(STATE_LABELS).indexOf(b.state))
    .map((s) => ({
      key: s.state,
      label: STATE_LABELS[s.state as CandidatureState] ?? s.state,
      files: cell(n(s.files), n(s.files)),
      amountRequested: cell(n(s.amount), n(s.files)),
    }));
  protectPartition(byState, (s) => n(states.find((x) => x.state === s.key)?.files), (s) => [s.files, s.amountRequested]);
  return {
    code,
    name,
    files: cell(facts.files, facts.files),
    amountRequested: cell(facts.amount, facts.files),
    filesGranted: cell(facts.grantedFiles, facts.grantedFiles),
    amountGranted: cell(facts.grantedAmount, facts.grantedFiles),
    essmsCovered: cell(facts.covered, facts.grantedFiles),
    byState,
  };
}

/**
 * Open data: counts and amounts per region, state, field and project type — no name, no FINESS, no person; every
 * value built from fewer than MINIMUM_GROUP_SIZE files is masked, with complementary masking inside partitions.
 */
export async function openData(db: Db, logger?: Logger): Promise<OpenData> {
  const notes = await refreshNationalFacts(db, logger);
  const { sql: cte, params } = filesCte(PUBLISHED_SCOPE, {});
  const q = (select: string) => db.query(`${cte} ${select}`, params) as Promise<any[]>;
  const [regionRows, stateRows, coveredRows, fieldRows, typeRows] = await Promise.all([
    q(`SELECT region, count(*)::int AS files, coalesce(sum(amount), 0)::bigint AS amount,
         count(*) FILTER (WHERE granted)::int AS granted_files, coalesce(sum(amount) FILTER (WHERE granted), 0)::bigint AS granted_amount
       FROM f GROUP BY region`),
    q(`SELECT region, state, count(*)::int AS files, coalesce(sum(amount), 0)::bigint AS amount FROM f GROUP BY region, state`),
    q(`SELECT f.region, count(DISTINCT gm.finess)::int AS n FROM f JOIN grappe_member gm ON gm.candidature_id = f.id WHERE f.granted GROUP BY f.region`),
    q(`SELECT coalesce(ef.field, 'INCONNU') AS field, count(DISTINCT f.id)::int AS files, count(DISTINCT f.id) FILTER (WHERE f.granted)::int AS granted_files,
         count(DISTINCT gm.finess) FILTER (WHERE f.granted)::int AS covered
       FROM f JOIN grappe_member gm ON gm.candidature_id = f.id LEFT JOIN national_essms_field ef ON ef.finess = gm.finess GROUP BY 1 ORDER BY 1`),
    q(`SELECT project_type, count(*)::int AS files, coalesce(sum(amount), 0)::bigint AS amount FROM f GROUP BY 1 ORDER BY 1`),
  ]);

  const factsOf = (rows: any[], cov: any[]): Facts => ({
    files: rows.reduce((s, r) => s + n(r.files), 0),
    amount: rows.reduce((s, r) => s + n(r.amount), 0),
    grantedFiles: rows.reduce((s, r) => s + n(r.granted_files), 0),
    grantedAmount: rows.reduce((s, r) => s + n(r.granted_amount), 0),
    covered: cov.reduce((s, r) => s + n(r.n), 0),
  });
  const nationalStates = new Map<string, { state: string; files: number; amount: number }>();
  for (const r of stateRows) {
    const s = nationalStates.get(r.state) ?? nationalStates.set(r.state, { state: r.state, files: 0, amount: 0 }).get(r.state)!;
    s.files += n(r.files);
    s.amount += n(r.amount);
  }
  const national = area('FR', 'France entière', factsOf(regionRows, coveredRows), [...nationalStates.values()]);

  const codes = [...REGIONS.map((r) => r.code), ...(regionRows.some((r) => r.region === NO_REGION) ? [NO_REGION] : [])];
  const regions = codes.map((code) => {
    const name = code === NO_REGION ? 'Sans région pivot' : REGIONS.find((r) => r.code === code)!.name;
    return area(
      code,
      name,
      factsOf(regionRows.filter((r) => r.region === code), coveredRows.filter((r) => r.region === code)),
      stateRows.filter((r) => r.region === code),
    );
  });
  const basisOf = (code: string, key: 'files' | 'granted_files') => n(regionRows.find((r) => r.region === code)?.[key]);
  protectPartition(regions, (r) => basisOf(r.code, 'files'), (r) => [r.files, r.amountRequested]);
  protectPartition(regions, (r) => basisOf(r.code, 'granted_files'), (r) => [r.filesGranted, r.amountGranted, r.essmsCovered]);

  const byProjectType: OpenDataBreakdown[] = typeRows.map((r) => ({
    key: r.project_type,
    label: PROJECT_TYPE_LABELS[r.project_type] ?? r.project_type,
    files: cell(n(r.files), n(r.files)),
    amountRequested: cell(n(r.amount), n(r.files)),
  }));
  protectPartition(byProjectType, (t) => n(typeRows.find((r) => r.project_type === t.key)?.files), (t) => [t.files, t.amountRequested]);

  return {
    generatedAt: new Date(),
    minimumGroupSize: MINIMUM_GROUP_SIZE,
    licence: 'Licence Ouverte / Open Licence 2.0 (Etalab)',
    producer: 'Caisse nationale de solidarité pour l’autonomie (CNSA) — programme ESMS numérique',
    notes: [
      `Secret statistique : toute valeur calculée sur moins de ${MINIMUM_GROUP_SIZE} dossiers est masquée, ainsi qu'une valeur voisine quand elle permettrait de la retrouver par différence.`,
      'Montants en euros : forfaits calculés selon les règles du programme (003 §4.4) ; montants accordés = dossiers retenus ou au-delà.',
      'Régions : région pivot du dossier ; ESSMS couverts : ESSMS distincts des grappes retenues.',
      ...notes,
    ],
    national,
    regions,
    byField: fieldRows.map((r) => ({
      field: r.field,
      label: FIELD_LABELS[r.field] ?? r.field,
      files: cell(n(r.files), n(r.files)),
      essmsCovered: cell(n(r.covered), n(r.granted_files)),
    })),
    byProjectType,
  };
}

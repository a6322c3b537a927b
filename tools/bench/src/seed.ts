/*
 * Bench data volume: a few thousand ESSMS and candidatures.
 * 1. ESSMS: the demo FiNESS flow (tools/demo-data) cloned K times with fresh, valid FINESS numbers,
 *    imported by the annuaire's own importer (`import-command.ts`, the `npm run import:finess` CLI).
 * 2. Candidatures: created through the candidature subgraph's public mutations (`createCandidature`,
 *    `addGrappeMembers`) with signed PORTEUR claims, the way the gateway calls it.
 * 3. The demo campaigns' deadlines are past (2023/2024), so `submitCandidature` rightly refuses: the one
 *    bench-only step marks the bench's drafts as submitted in SQL, with a `submit` event, so that the
 *    ARS instructeur sees them (Q1, Q2).
 */
import { generateFinessKey } from '@esms/domain';
import { CLAIMS_HEADER, signClaims, type Claims } from '@esms/server-kit';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export const BENCH_TITLE_PREFIX = 'Banc de performance';

interface FlowEge {
  informationsGeneralesEGE: { egeId: string; numFinessEge: string; [key: string]: unknown };
  [key: string]: unknown;
}
interface FlowPmej {
  informationsGeneralesPmej: { pm_smsseId: string; numFinessPm: string; denominationLonguePmSmsse?: string; [key: string]: unknown };
  ege: FlowEge[];
  [key: string]: unknown;
}
interface FinessFlow {
  pmej: FlowPmej[];
  [key: string]: unknown;
}

/** A new valid FINESS in the same département as `original` (first 4 characters kept), unused so far. */
function renumber(original: string, used: Set<string>, counter: { n: number }): string {
  const prefix = original.slice(0, 4);
  for (;;) {
    counter.n = (counter.n + 7919) % 10_000;
    const body = prefix + String(counter.n).padStart(4, '0');
    const finess = body + generateFinessKey(body);
    if (!used.has(finess)) {
      used.add(finess);
      return finess;
    }
  }
}

/**
 * The demo flow followed by `copies − 1` clones of it, every FINESS (EJ and ET) and identifier renewed.
 * Pure apart from the input object; deterministic.
 */
export function scaleFinessFlow(flow: FinessFlow, copies: number): FinessFlow {
  const used = new Set<string>();
  const serialize = JSON.stringify(flow.pmej);
  for (const match of serialize.matchAll(/"(\d{2}[0-9AB]\d{6})"/g)) used.add(match[1]);
  const counter = { n: 17 };
  const pmej: FlowPmej[] = [...flow.pmej];
  for (let copy = 1; copy < copies; copy++) {
    for (const original of flow.pmej) {
      const numbers = new Map<string, string>();
      const rename = (finess: string) => {
        if (!numbers.has(finess)) numbers.set(finess, renumber(finess, used, counter));
        return numbers.get(finess) as string;
      };
      rename(original.informationsGeneralesPmej.numFinessPm);
      for (const ege of original.ege) rename(ege.informationsGeneralesEGE.numFinessEge);
      let text = JSON.stringify(original);
      for (const [from, to] of numbers) text = text.split(`"${from}"`).join(`"${to}"`);
      const clone = JSON.parse(text) as FlowPmej;
      clone.informationsGeneralesPmej.pm_smsseId = `${original.informationsGeneralesPmej.pm_smsseId}-b${copy}`;
      if (clone.informationsGeneralesPmej.denominationLonguePmSmsse) {
        clone.informationsGeneralesPmej.denominationLonguePmSmsse += ` (banc ${copy})`;
      }
      for (const ege of clone.ege) ege.informationsGeneralesEGE.egeId = `${ege.informationsGeneralesEGE.egeId}-b${copy}`;
      pmej.push(clone);
    }
  }
  return { ...flow, pmej };
}

export interface SeedOrganisme {
  finessEj: string;
  /** Open ESSMS (FINESS ET) with their region's département prefix. */
  essms: string[];
}

/** Categories the annuaire's importer skips (not ESSMS): a centre de santé and a clinic in the demo flow. */
const NON_ESSMS_CATEGORIES = new Set(['124', '365']);

/** Organismes of the flow and their open ESSMS. */
export function organismesOf(flow: FinessFlow): SeedOrganisme[] {
  return flow.pmej.map((p) => ({
    finessEj: p.informationsGeneralesPmej.numFinessPm,
    essms: p.ege
      .filter((e) => (e['etatObjet'] as { code?: string } | undefined)?.code === 'A')
      .filter((e) => !NON_ESSMS_CATEGORIES.has((e['categorieEntiteGeographiqueExercice'] as { code?: string } | undefined)?.code ?? ''))
      .map((e) => e.informationsGeneralesEGE.numFinessEge),
  }));
}

export function writeScaledFlow(workspaceRoot: string, dataDir: string, copies: number): { path: string; flow: FinessFlow; essms: number } {
  const flow = JSON.parse(readFileSync(join(workspaceRoot, 'tools/demo-data/demo-structures.json'), 'utf8')) as FinessFlow;
  const scaled = scaleFinessFlow(flow, copies);
  const path = join(dataDir, 'bench-structures.json');
  writeFileSync(path, JSON.stringify(scaled));
  return { path, flow: scaled, essms: scaled.pmej.reduce((n, p) => n + p.ege.length, 0) };
}

/** Runs the annuaire's FiNESS import CLI on the flow, into the bench's data folder. */
export function importFlow(workspaceRoot: string, dataDir: string, flowPath: string, dbEnv: Record<string, string> = {}): string {
  return execFileSync(process.execPath, ['-r', '@swc-node/register', 'apps/subgraph-annuaire/src/finess/import-command.ts', flowPath], {
    cwd: workspaceRoot,
    env: { ...process.env, ...dbEnv, ESMS_DATA_DIR: dataDir, SWC_NODE_PROJECT: join(workspaceRoot, 'tsconfig.base.json'), LOG_LEVEL: 'error' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function mutate<T>(url: string, claims: Claims, query: string, variables: Record<string, unknown>): Promise<T> {
  const what = `${query.slice(0, 40)}… as ${claims.organismes.join(',')} ${JSON.stringify(variables).slice(0, 200)}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(claims, undefined, 600) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data || body.errors?.length) throw new Error(`Seed mutation failed (${what}): ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
  return body.data;
}

const CREATE = `mutation($input: CreateCandidatureInput!) { createCandidature(input: $input) { id version } }`;
const ADD = `mutation($id: ID!, $members: [GrappeMemberInput!]!) { addGrappeMembers(id: $id, members: $members) { id } }`;

/**
 * Creates `count` candidatures spread over the organismes whose ESSMS are in `regionCodes`'s
 * départements (round-robin), each with 1–8 ESSMS of its organisme, `concurrency` at a time.
 */
export async function createCandidatures(options: {
  candidatureGraphqlUrl: string;
  organismes: SeedOrganisme[];
  campaignId: string;
  count: number;
  concurrency: number;
  onProgress?: (done: number) => void;
}): Promise<{ created: number; retries: number }> {
  const usable = options.organismes.filter((o) => o.essms.length > 0);
  if (usable.length === 0) throw new Error('No organisme with open ESSMS to seed candidatures.');
  let next = 0;
  let done = 0;
  let retries = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= options.count) return;
      const organisme = usable[i % usable.length];
      const claims: Claims = { sub: `bench-porteur-${organisme.finessEj}`, role: 'PORTEUR', organismes: [organisme.finessEj], regionCode: null, departements: [], scopes: [] };
      const size = 1 + (i % 8);
      const start = (i * 3) % organisme.essms.length;
      const members = Array.from({ length: Math.min(size, organisme.essms.length) }, (_, k) => organisme.essms[(start + k) % organisme.essms.length]);
      const created = await mutate<{ createCandidature: { id: string } }>(options.candidatureGraphqlUrl, claims, CREATE, {
        input: { campaignId: options.campaignId, title: `${BENCH_TITLE_PREFIX} n° ${i + 1}`, organismeFinessEj: organisme.finessEj },
      });
      const add = () =>
        mutate(options.candidatureGraphqlUrl, claims, ADD, {
          id: created.createCandidature.id,
          members: [...new Set(members)].map((finess) => ({ finess, situation: i % 3 === 0 ? 'UPGRADE' : 'ACQUISITION' })),
        });
      // On PGlite, a file created on one pooled connection is sometimes not yet visible on another
      // under concurrency (reported to subgraph-candidature): retry, and count it.
      for (let attempt = 1; ; attempt++) {
        try {
          await add();
          break;
        } catch (error) {
          if (attempt >= 5 || !/n'existe pas/.test(String(error))) throw error;
          retries += 1;
          await new Promise((r) => setTimeout(r, 20 * attempt));
        }
      }
      done += 1;
      if (done % 250 === 0) options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { created: done, retries };
}

const SUBMIT_EVENTS = `INSERT INTO candidature_event (candidature_id, actor_id, actor_role, at, action, from_state, to_state, details)
  SELECT id, 'bench', 'PORTEUR', now(), 'submit', 'DRAFT', 'SUBMITTED', '{"seed":"tools/bench"}'::jsonb
  FROM candidature WHERE state = 'DRAFT' AND title LIKE $1`;
const SUBMIT = `UPDATE candidature SET state = 'SUBMITTED', submitted_at = now() - (random() * interval '30 days'), updated_at = now() - (random() * interval '30 days')
  WHERE state = 'DRAFT' AND title LIKE $1`;

/**
 * The bench-only step: the bench's drafts become submitted files, with their `submit` event. On
 * PostgreSQL while the stack runs; on PGlite with the stack stopped (the folder has one owner).
 */
export async function markBenchCandidaturesSubmitted(target: { postgresUrl?: string; dataDir: string }): Promise<number> {
  const like = `${BENCH_TITLE_PREFIX}%`;
  if (target.postgresUrl) {
    const client = new Client({ connectionString: target.postgresUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query(SUBMIT_EVENTS, [like]);
      const result = await client.query(SUBMIT, [like]);
      await client.query('COMMIT');
      return result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(join(target.dataDir, 'candidature'));
  try {
    await db.query(SUBMIT_EVENTS, [like]);
    const result = await db.query(SUBMIT, [like]);
    return result.affectedRows ?? 0;
  } finally {
    await db.close();
  }
}

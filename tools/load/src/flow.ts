/*
 * The porteurs' organismes and their ESSMS, as a FiNESS "structures" flow imported by the annuaire's own importer
 * (`npm run import:finess`): the organismes of the demo flow that run ESSMS in the campaign's region, each cut down
 * to a few of those ESSMS, cloned with fresh valid FINESS numbers until there is one organisme per porteur.
 */
import { generateFinessKey } from '@esms/domain';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface FlowEge {
  informationsGeneralesEGE: { egeId: string; numFinessEge: string; [key: string]: unknown };
  etatObjet?: { code?: string };
  categorieEntiteGeographiqueExercice?: { code?: string };
  [key: string]: unknown;
}
interface FlowPmej {
  informationsGeneralesPmej: { pm_smsseId: string; numFinessPm: string; denominationLonguePmSmsse?: string; [key: string]: unknown };
  ege: FlowEge[];
  [key: string]: unknown;
}
export interface FinessFlow {
  pmej: FlowPmej[];
  [key: string]: unknown;
}

export interface LoadOrganisme {
  finessEj: string;
  name: string;
  /** Open ESSMS of the campaign's region, in the grappe of the porteur's draft. */
  essms: string[];
}

/** Not ESSMS (the importer skips them): centres de santé, clinics. SAAD (460) left out: their hours would be one more form. */
const SKIPPED_CATEGORIES = new Set(['124', '365', '460']);

/** Keeps the département (2 characters) and the next 2; the last 4 digits are renumbered; unused numbers only. */
function renumber(original: string, used: Set<string>, counter: { n: number }): string {
  const prefix = original.slice(0, 4);
  for (let tries = 0; tries < 10_000; tries++) {
    counter.n = (counter.n + 7919) % 10_000;
    const body = prefix + String(counter.n).padStart(4, '0');
    const finess = body + generateFinessKey(body);
    if (!used.has(finess)) {
      used.add(finess);
      return finess;
    }
  }
  throw new Error(`No FINESS number left with prefix ${prefix}: lower the number of porteurs.`);
}

/**
 * `count` organismes, each with 1–`maxEssms` open ESSMS in `departements` (pure, deterministic). The templates are
 * the demo flow's organismes with such ESSMS; clone k of a template gets " (charge k)" appended to its name.
 */
export function buildLoadFlow(demo: FinessFlow, count: number, departements: readonly string[], maxEssms = 2): { flow: FinessFlow; organismes: LoadOrganisme[] } {
  const inRegion = (e: FlowEge) =>
    e.etatObjet?.code === 'A' && departements.includes(e.informationsGeneralesEGE.numFinessEge.slice(0, 2)) && !SKIPPED_CATEGORIES.has(e.categorieEntiteGeographiqueExercice?.code ?? '');
  const templates = demo.pmej
    .map((p) => ({ ...p, ege: p.ege.filter(inRegion).slice(0, maxEssms) }))
    .filter((p) => p.ege.length > 0);
  if (templates.length === 0) throw new Error(`The demo flow has no open ESSMS in départements ${departements.join(', ')}.`);

  const used = new Set<string>();
  for (const match of JSON.stringify(demo.pmej).matchAll(/"(\d{2}[0-9AB]\d{6})"/g)) used.add(match[1]);
  const counter = { n: 17 };
  const pmej: FlowPmej[] = [];
  const organismes: LoadOrganisme[] = [];
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length];
    const copy = Math.floor(i / templates.length) + 1;
    const numbers = new Map<string, string>();
    const rename = (finess: string) => {
      if (!numbers.has(finess)) numbers.set(finess, renumber(finess, used, counter));
      return numbers.get(finess) as string;
    };
    rename(template.informationsGeneralesPmej.numFinessPm);
    for (const ege of template.ege) rename(ege.informationsGeneralesEGE.numFinessEge);
    let text = JSON.stringify(template);
    for (const [from, to] of numbers) text = text.split(`"${from}"`).join(`"${to}"`);
    const clone = JSON.parse(text) as FlowPmej;
    clone.informationsGeneralesPmej.pm_smsseId = `${template.informationsGeneralesPmej.pm_smsseId}-c${copy}`;
    const name = `${template.informationsGeneralesPmej.denominationLonguePmSmsse ?? 'Organisme'} (charge ${copy})`;
    clone.informationsGeneralesPmej.denominationLonguePmSmsse = name;
    for (const ege of clone.ege) ege.informationsGeneralesEGE.egeId = `${ege.informationsGeneralesEGE.egeId}-c${copy}`;
    pmej.push(clone);
    organismes.push({ finessEj: clone.informationsGeneralesPmej.numFinessPm, name, essms: clone.ege.map((e) => e.informationsGeneralesEGE.numFinessEge) });
  }
  return { flow: { ...demo, pmej }, organismes };
}

export function writeLoadFlow(workspaceRoot: string, dataDir: string, count: number, departements: readonly string[]): { path: string; organismes: LoadOrganisme[]; essms: number } {
  const demo = JSON.parse(readFileSync(join(workspaceRoot, 'tools/demo-data/demo-structures.json'), 'utf8')) as FinessFlow;
  const { flow, organismes } = buildLoadFlow(demo, count, departements);
  const path = join(dataDir, 'load-structures.json');
  writeFileSync(path, JSON.stringify(flow));
  return { path, organismes, essms: organismes.reduce((n, o) => n + o.essms.length, 0) };
}

/** Runs the annuaire's FiNESS import CLI (it also migrates the annuaire database) into the run's data folder. */
export function importFlow(workspaceRoot: string, dataDir: string, flowPath: string, dbEnv: Record<string, string>): string {
  return execFileSync(process.execPath, ['-r', '@swc-node/register', 'apps/subgraph-annuaire/src/finess/import-command.ts', flowPath], {
    cwd: workspaceRoot,
    env: { ...process.env, ...dbEnv, ESMS_DATA_DIR: dataDir, SWC_NODE_PROJECT: join(workspaceRoot, 'tsconfig.base.json'), LOG_LEVEL: 'error' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

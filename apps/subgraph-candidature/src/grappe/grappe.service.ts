import { checkFiness, deskFor, DomainValidationError } from '@esms/domain';
import { badInput, loaderFor, notFound, type SubgraphContext } from '@esms/server-kit';
import Papa from 'papaparse';
import type { EntityManager } from 'typeorm';
import { establishmentFacts, type EstablishmentFacts } from '../annuaire/annuaire-client';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { insertEvent, loadMembers, membersLoader } from '../candidatures/candidature.repository';
import { readableCandidature, recomputeGrappe } from '../candidatures/candidature.service';
import { bumpVersion, checkExpectedVersion, editableByPorteur } from '../dossier/file-edit';
import type { Region } from '../federation/stubs';
import { MAX_SIMULATED_ESSMS } from '../funding-simulation/funding.service';
import { ImportLineStatus, type GrappeMemberUpdateInput, type ImportLine, type SaadHours, type SaadHoursInput } from './grappe.types';

/* eslint-disable @typescript-eslint/no-explicit-any */

interface MemberDetail {
  saad: SaadHours | null;
  solutionInReferencing: boolean;
}

const detailsLoader = (ctx: SubgraphContext) =>
  loaderFor<string, Map<string, MemberDetail>>(ctx, 'porteur:member-details', async (ids) => {
    const rows: any[] = await ctx.db.query(`SELECT * FROM grappe_member_detail WHERE candidature_id = ANY($1::uuid[])`, [[...ids]]);
    const by = new Map<string, Map<string, MemberDetail>>();
    for (const r of rows) {
      const key = String(r.candidature_id);
      if (!by.has(key)) by.set(key, new Map());
      by.get(key)!.set(r.finess, { saad: r.saad ?? null, solutionInReferencing: !!r.solution_in_referencing });
    }
    return ids.map((id) => by.get(id) ?? new Map());
  });

export async function memberDetail(ctx: SubgraphContext, m: { finess: string; candidatureId?: string }): Promise<MemberDetail> {
  if (!m.candidatureId) return { saad: null, solutionInReferencing: false };
  return (await detailsLoader(ctx).load(m.candidatureId))?.get(m.finess) ?? { saad: null, solutionInReferencing: false };
}

export async function loadMemberDetails(db: SubgraphContext['db'] | EntityManager, candidatureId: string): Promise<Map<string, MemberDetail>> {
  const rows: any[] = await db.query(`SELECT * FROM grappe_member_detail WHERE candidature_id = $1`, [candidatureId]);
  return new Map(rows.map((r) => [r.finess, { saad: r.saad ?? null, solutionInReferencing: !!r.solution_in_referencing }]));
}

export async function allowedPivots(ctx: SubgraphContext, row: CandidatureRow): Promise<Region[]> {
  const members = (await membersLoader(ctx).load(row.id)) ?? [];
  if (!members.length) return [];
  return deskFor(members.map((m) => ({ finess: m.finess, regionCode: m.regionCode }))).allowedPivots.map((code) => ({ code }));
}

const MAX_HOURS = 10_000_000;

/** 003 annex 1: total = APA + PCH + other funder + confort; medico-social hours = APA + PCH + other. */
export function saadDeclaration(input: SaadHoursInput, finess: string): SaadHours {
  const parts = {
    totalHours: input.totalHours,
    apaHours: input.apaHours ?? 0,
    pchHours: input.pchHours ?? 0,
    otherHours: input.otherHours ?? 0,
    confortHours: input.confortHours ?? 0,
  };
  for (const [k, v] of Object.entries(parts)) {
    if (!Number.isFinite(v) || v < 0 || v > MAX_HOURS) throw badInput(`SAAD ${finess} : les heures sont des nombres positifs (${k}).`, { field: `saad.${k}` });
  }
  const medicoSocialHours = parts.apaHours + parts.pchHours + parts.otherHours;
  if (Math.abs(medicoSocialHours + parts.confortHours - parts.totalHours) > 1) {
    throw badInput(
      `SAAD ${finess} : le total (${parts.totalHours} h) doit égaler APA + PCH + autre financeur + confort (${medicoSocialHours + parts.confortHours} h), comme dans le modèle de l'annexe 1.`,
      { field: 'saad.totalHours' },
    );
  }
  const otherFunder = input.otherFunder?.trim() || null;
  if (otherFunder && otherFunder.length > 200) throw badInput('Le nom de l’autre financeur compte au plus 200 caractères.', { field: 'saad.otherFunder' });
  if (parts.otherHours > 0 && !otherFunder) throw badInput(`SAAD ${finess} : nommez l'autre financeur des ${parts.otherHours} h déclarées.`, { field: 'saad.otherFunder' });
  return { ...parts, otherFunder, medicoSocialHours };
}

/** The file's organismes: the porteur's (first) + the members' organismes gestionnaires. */
async function syncOrganismes(m: EntityManager, row: CandidatureRow): Promise<void> {
  const members = await loadMembers(m, row.id);
  const porteurOg = row.organismes[0];
  const all = [porteurOg, ...[...new Set(members.map((x) => x.finessEj).filter((x): x is string => !!x))].sort()].filter((x, i, a) => x && a.indexOf(x) === i);
  await m.query(`UPDATE candidature SET organismes = $2::text[] WHERE id = $1`, [row.id, all]);
}

function wrapDomain<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DomainValidationError) throw badInput(error.message, { field: error.field });
    throw error;
  }
}

export async function updateGrappeMember(ctx: SubgraphContext, id: string, finessInput: string, expectedVersion: number, input: GrappeMemberUpdateInput): Promise<CandidatureRow> {
  const parts: ('grappe' | 'saad' | 'solution' | 'funding')[] = ['grappe'];
  if (input.saad !== undefined) parts.push('saad');
  if (input.chosenSolutionId !== undefined || input.solutionInReferencing !== undefined) parts.push('solution');
  if (input.hardwareQuote !== undefined) parts.push('funding');
  const { row, role } = await editableByPorteur(ctx, id, parts);
  await checkExpectedVersion(ctx, row, expectedVersion);
  const c = checkFiness(finessInput);
  if (!c.ok) throw badInput(c.reason, { field: 'finess' });
  const members = await loadMembers(ctx.db, row.id);
  const member = members.find((m) => m.finess === c.finess);
  if (!member) throw badInput(`L'ESSMS ${c.finess} n'est pas dans la grappe : ajoutez-le d'abord.`, { field: 'finess' });
  const details = await loadMemberDetails(ctx.db, row.id);
  const detail = details.get(c.finess) ?? { saad: null, solutionInReferencing: false };

  const text = (v: string | null | undefined, field: string, max = 200) => {
    const t = v?.trim();
    if (t && t.length > max) throw badInput(`Texte trop long (${max} caractères au plus).`, { field });
    return t || null;
  };
  const next = { ...member };
  const nextDetail = { ...detail };
  if (input.situation != null) next.situation = input.situation;
  if (input.currentDui !== undefined) next.currentDui = text(input.currentDui, 'currentDui');
  if (input.chosenSolutionId !== undefined) next.chosenSolutionId = text(input.chosenSolutionId, 'chosenSolutionId', 120);
  if (input.solutionInReferencing !== undefined) nextDetail.solutionInReferencing = !!input.solutionInReferencing;
  if (input.hardwareQuote !== undefined) {
    if (input.hardwareQuote !== null && (!Number.isInteger(input.hardwareQuote) || input.hardwareQuote < 0)) throw badInput('Le devis matériel est un montant en euros, positif.', { field: 'hardwareQuote' });
    next.hardwareQuote = input.hardwareQuote ?? null;
  }
  if (input.nationalEntity !== undefined) next.nationalEntity = input.nationalEntity ? text(input.nationalEntity.name, 'nationalEntity.name') : null;
  if (input.saad !== undefined) {
    nextDetail.saad = input.saad ? saadDeclaration(input.saad, c.finess) : null;
    next.saadTotalHours = nextDetail.saad ? nextDetail.saad.totalHours : null;
    next.saadMedicoSocialHours = nextDetail.saad ? nextDetail.saad.medicoSocialHours : null;
  }
  const now = new Date();
  await ctx.db.transaction(async (m) => {
    const updated = await bumpVersion(m, row.id, expectedVersion, ctx.claims.sub);
    await m.query(
      `UPDATE grappe_member SET situation = $3, current_dui = $4, chosen_solution_id = $5, saad_total_hours = $6, saad_medico_social_hours = $7, hardware_quote = $8, national_entity = $9
       WHERE candidature_id = $1 AND finess = $2`,
      [row.id, c.finess, next.situation, next.currentDui, next.chosenSolutionId, next.saadTotalHours, next.saadMedicoSocialHours, next.hardwareQuote, next.nationalEntity],
    );
    await m.query(
      `INSERT INTO grappe_member_detail (candidature_id, finess, saad, solution_in_referencing) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (candidature_id, finess) DO UPDATE SET saad = EXCLUDED.saad, solution_in_referencing = EXCLUDED.solution_in_referencing`,
      [row.id, c.finess, nextDetail.saad ? JSON.stringify(nextDetail.saad) : null, nextDetail.solutionInReferencing],
    );
    // Hours, quotes, ranks: the domain's funding rules validate the whole grappe (BAD_USER_INPUT rolls back).
    await recomputeGrappe(m, updated);
    await insertEvent(m, {
      candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action: 'edit_grappe_member', fromState: row.state, toState: row.state, at: now,
      details: { finess: c.finess, fields: Object.keys(input).filter((k) => (input as any)[k] !== undefined) },
    });
  });
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

const MAX_IMPORT_LINES = 2000;
const HEADER_CELL = /^finess(\s*(et|g[ée]ographique|_et|_geo))?$/i;

/** Lines of a pasted list or CSV content: { line, value } with the 1-based line number in the text. */
export function parseFinessList(text: string): { line: number; value: string }[] {
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const firstIdx = rawLines.findIndex((l) => l.trim() !== '');
  if (firstIdx < 0) return [];
  const first = rawLines[firstIdx];
  const delimiter = [';', ',', '\t'].find((d) => first.includes(d));
  if (delimiter) {
    const header = Papa.parse<string[]>(first, { delimiter }).data[0] ?? [];
    const col = header.findIndex((h) => HEADER_CELL.test(String(h).trim()));
    if (col < 0) {
      throw badInput(`La première ligne du fichier CSV doit nommer une colonne « finess » (colonnes lues : ${header.map((h) => String(h).trim()).join(', ')}).`, { field: 'text' });
    }
    const out: { line: number; value: string }[] = [];
    for (let i = firstIdx + 1; i < rawLines.length; i++) {
      if (rawLines[i].trim() === '') continue;
      const cells = Papa.parse<string[]>(rawLines[i], { delimiter }).data[0] ?? [];
      out.push({ line: i + 1, value: String(cells[col] ?? '').trim() });
    }
    return out;
  }
  return rawLines.map((l, i) => ({ line: i + 1, value: l.trim().replace(/^"|"$/g, '') })).filter((l) => l.value !== '');
}

export async function importGrappeMembers(ctx: SubgraphContext, id: string, expectedVersion: number, text: string) {
  const { row, role } = await editableByPorteur(ctx, id, ['grappe']);
  await checkExpectedVersion(ctx, row, expectedVersion);
  if (text.length > 200_000) throw badInput('La liste est trop longue : importez au plus 2 000 lignes à la fois.', { field: 'text' });
  const entries = parseFinessList(text);
  if (!entries.length) throw badInput('La liste est vide : collez un numéro FINESS par ligne, ou un fichier CSV avec une colonne « finess ».', { field: 'text' });
  if (entries.length > MAX_IMPORT_LINES) throw badInput(`Importez au plus ${MAX_IMPORT_LINES} lignes à la fois.`, { field: 'text' });

  const present = new Set((await loadMembers(ctx.db, row.id)).map((m) => m.finess));
  const lines: ImportLine[] = [];
  const candidates: { line: ImportLine; finess: string; regionCode: string }[] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const c = checkFiness(e.value);
    const base = { line: e.line, input: e.value, establishmentName: null as string | null };
    if (!c.ok) {
      lines.push({ ...base, finess: null, status: ImportLineStatus.MALFORMED, message: `Ligne ${e.line} : ${c.reason}` });
    } else if (!c.regionCode) {
      lines.push({ ...base, finess: c.finess, status: ImportLineStatus.MALFORMED, message: `Ligne ${e.line} : le FINESS ${c.finess} ne relève d'aucune ARS.` });
    } else if (seen.has(c.finess)) {
      lines.push({ ...base, finess: c.finess, status: ImportLineStatus.DUPLICATE, message: `Ligne ${e.line} : ${c.finess} figure déjà plus haut dans la liste.` });
    } else if (present.has(c.finess)) {
      seen.add(c.finess);
      lines.push({ ...base, finess: c.finess, status: ImportLineStatus.ALREADY_PRESENT, message: `Ligne ${e.line} : ${c.finess} est déjà dans la grappe.` });
    } else {
      seen.add(c.finess);
      const line = { ...base, finess: c.finess, status: ImportLineStatus.ADDED, message: '' };
      lines.push(line);
      candidates.push({ line, finess: c.finess, regionCode: c.regionCode });
    }
  }
  const facts: Record<string, EstablishmentFacts & { closed?: boolean }> | null = candidates.length ? await establishmentFacts(candidates.map((c) => c.finess)) : {};
  const toAdd: { finess: string; regionCode: string; finessEj: string | null }[] = [];
  for (const c of candidates) {
    const f = facts?.[c.finess];
    if (facts && !f) {
      c.line.status = ImportLineStatus.UNKNOWN;
      c.line.message = `Ligne ${c.line.line} : ${c.finess} est inconnu de l'annuaire FINESS : vérifiez le numéro (FINESS géographique de l'ESSMS).`;
    } else if (f?.closed) {
      c.line.establishmentName = f.name ?? null;
      c.line.status = ImportLineStatus.CLOSED;
      c.line.message = `Ligne ${c.line.line} : ${c.finess}${f.name ? ` (${f.name})` : ''} est fermé dans le FINESS : il ne peut pas entrer dans la grappe.`;
    } else {
      c.line.establishmentName = f?.name ?? null;
      c.line.message = f ? `Ligne ${c.line.line} : ${c.finess}${f.name ? ` (${f.name})` : ''} ajouté.` : `Ligne ${c.line.line} : ${c.finess} ajouté (annuaire indisponible : établissement non vérifié).`;
      toAdd.push({ finess: c.finess, regionCode: f?.regionCode ?? c.regionCode, finessEj: f?.finessEj ?? null });
    }
  }
  if (present.size + toAdd.length > MAX_SIMULATED_ESSMS) throw badInput(`Une grappe compte au plus ${MAX_SIMULATED_ESSMS} ESSMS.`, { field: 'text' });
  if (toAdd.length) {
    await ctx.db.transaction(async (m) => {
      const updated = await bumpVersion(m, row.id, expectedVersion, ctx.claims.sub);
      for (const a of toAdd) {
        await m.query(
          `INSERT INTO grappe_member (candidature_id, finess, situation, region_code, finess_ej) VALUES ($1, $2, 'ACQUISITION', $3, $4) ON CONFLICT (candidature_id, finess) DO NOTHING`,
          [row.id, a.finess, a.regionCode, a.finessEj],
        );
      }
      await recomputeGrappe(m, updated);
      await syncOrganismes(m, updated);
      await insertEvent(m, { candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action: 'import_grappe', fromState: row.state, toState: row.state, details: { added: toAdd.map((a) => a.finess) } });
    });
  }
  ctx.loaders.clear();
  return { candidature: await readableCandidature(ctx, row.id), added: toAdd.length, lines };
}

export async function choosePivotRegion(ctx: SubgraphContext, id: string, expectedVersion: number, regionCode: string): Promise<CandidatureRow> {
  const { row, role } = await editableByPorteur(ctx, id, ['grappe']);
  await checkExpectedVersion(ctx, row, expectedVersion);
  const members = await loadMembers(ctx.db, row.id);
  if (!members.length) throw badInput("Ajoutez des ESSMS avant de choisir l'ARS pivot.", { field: 'regionCode' });
  const code = regionCode.trim();
  const desk = wrapDomain(() => deskFor(members.map((m) => ({ finess: m.finess, regionCode: m.regionCode })), { pivotRegion: code }));
  if (!desk.allowedPivots.includes(code)) {
    throw badInput(
      desk.desk === 'NATIONAL' ? "Le projet relève du guichet national : il n'a pas d'ARS pivot à choisir." : "Le projet ne compte qu'une région : l'ARS pivot est celle de ses ESSMS.",
      { field: 'regionCode' },
    );
  }
  if (!row) throw notFound();
  await ctx.db.transaction(async (m) => {
    await bumpVersion(m, row.id, expectedVersion, ctx.claims.sub, { pivot_region: code });
    await insertEvent(m, { candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action: 'choose_pivot', fromState: row.state, toState: row.state, details: { from: row.pivotRegion, to: code } });
  });
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

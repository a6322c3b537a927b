import { isSubmissionOnTime, trackOf, windowAt, type CampaignCalendar } from '@esms/domain';
import { badInput, callSubgraph, createMailer, notFound, type SubgraphContext } from '@esms/server-kit';
import { establishmentFacts } from '../annuaire/annuaire-client';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { loadEvents, loadMembers } from '../candidatures/candidature.repository';
import { candidatureFunding, eligibilityFor, fireAction, readableCandidature } from '../candidatures/candidature.service';
import { loadDossier, toDossierView } from '../dossier/dossier.service';
import { checkExpectedVersion, editableByPorteur } from '../dossier/file-edit';
import { loadMemberDetails } from '../grappe/grappe.service';
import { pieceStorage } from '../pieces/piece-storage';
import { loadPieces, missingRequiredPieces, piecesNeeds, presentCodes } from '../pieces/pieces.service';
import { recapitulatifPdf, type RecapitulatifData } from './recapitulatif-pdf';
import type { ArsContact, SubmissionCheck } from './submission.types';

/* eslint-disable @typescript-eslint/no-explicit-any */

async function campaignRow(ctx: SubgraphContext, row: CandidatureRow): Promise<{ label: string; calendar: CampaignCalendar; regionCode: string }> {
  const rows: any[] = await ctx.db.query(`SELECT label, calendar, region_code FROM campaign WHERE id = $1`, [row.campaignId]);
  if (!rows[0]) throw notFound("La campagne de cette candidature n'existe plus.");
  return { label: rows[0].label, calendar: rows[0].calendar, regionCode: rows[0].region_code };
}

/** The region's ARS generic mailbox and referents, read from the annuaire (empty when it cannot answer). */
export async function arsContacts(regionCode: string | null): Promise<{ regionName: string | null; contacts: ArsContact[] }> {
  const base = process.env['ESMS_ANNUAIRE_URL'];
  if (!base || !regionCode) return { regionName: null, contacts: [] };
  try {
    const data = await callSubgraph<{ region: { name: string; ars: { genericEmails: string[]; referents: { name: string; email: string }[] } | null } | null }>(
      new URL('/graphql', base).toString(),
      'query($code: String!) { region(code: $code) { name ars { genericEmails referents { name email } } } }',
      { code: regionCode },
      'candidature',
    );
    const ars = data.region?.ars;
    return {
      regionName: data.region?.name ?? null,
      contacts: [...(ars?.genericEmails ?? []).map((email) => ({ name: null, email })), ...(ars?.referents ?? []).map((r) => ({ name: r.name, email: r.email }))],
    };
  } catch {
    return { regionName: null, contacts: [] };
  }
}

const contactText = (regionName: string | null, contacts: ArsContact[]) =>
  contacts.length
    ? `Contactez l'ARS${regionName ? ` ${regionName}` : ''} : ${contacts.map((c) => (c.name ? `${c.name} <${c.email}>` : c.email)).join(', ')}.`
    : "Contactez le référent ESMS numérique de votre ARS (coordonnées sur la page de la campagne).";

/** 003 §4.6: a late file may be submitted only after the instructeur reopened it (traced). */
async function reopened(ctx: SubgraphContext, id: string): Promise<boolean> {
  const events = await loadEvents(ctx.db, id);
  const lastReopen = events.filter((e) => e.action === 'reopen').at(-1);
  const lastNonRecevable = events.filter((e) => e.action === 'declare_non_recevable').at(-1);
  return !!lastReopen && (!lastNonRecevable || lastReopen.at >= lastNonRecevable.at);
}

interface Check extends SubmissionCheck {
  late: boolean;
  lateMessage: string;
}

async function computeCheck(ctx: SubgraphContext, row: CandidatureRow, now = new Date()): Promise<Check> {
  const campaign = await campaignRow(ctx, row);
  const track = trackOf(campaign.calendar, row.track);
  const onTime = isSubmissionOnTime(track, now);
  const late = !onTime && !(await reopened(ctx, row.id));
  const [members, report, missing] = await Promise.all([loadMembers(ctx.db, row.id), eligibilityFor(ctx, row), missingRequiredPieces(ctx.db, row.id)]);
  const { regionName, contacts } = await arsContacts(row.pivotRegion ?? campaign.regionCode);
  const lateMessage = `La campagne « ${campaign.label} » est close pour ce type de projet depuis le ${track.closesOn} à minuit (heure de Paris) : un dépôt maintenant serait non recevable. ${contactText(regionName, contacts)}`;
  const problems: string[] = [];
  if (late) problems.push(lateMessage);
  if (!members.length) problems.push('Ajoutez au moins un ESSMS à la grappe.');
  const seen = new Set<string>();
  for (const item of report.items) {
    if (item.severity !== 'BLOCKING' || item.status !== 'KO' || item.code === 'E11' || seen.has(item.message)) continue;
    seen.add(item.message);
    problems.push(`${item.code} — ${item.message}`);
  }
  if (missing.length) problems.push(`Pièces obligatoires manquantes : ${missing.map((p) => `${p.code} ${p.label}`).join(' ; ')}.`);
  return {
    canSubmit: row.state === 'DRAFT' && problems.length === 0,
    problems,
    missingPieces: missing.map((p) => p.code),
    onTime,
    currentWindow: windowAt(track, now)?.code ?? null,
    closesOn: track.closesOn,
    arsContacts: contacts,
    late,
    lateMessage,
  };
}

export async function submissionCheck(ctx: SubgraphContext, row: CandidatureRow): Promise<SubmissionCheck> {
  const { late: _l, lateMessage: _m, ...check } = await computeCheck(ctx, row);
  return check;
}

export async function hasRecapitulatif(ctx: SubgraphContext, id: string): Promise<boolean> {
  const rows: any[] = await ctx.db.query(`SELECT 1 FROM candidature_recapitulatif WHERE candidature_id = $1`, [id]);
  return rows.length > 0;
}

export async function readRecapitulatif(ctx: SubgraphContext, id: string): Promise<{ data: Buffer; fileName: string }> {
  const row = await readableCandidature(ctx, id);
  const rows: any[] = await ctx.db.query(`SELECT storage_key FROM candidature_recapitulatif WHERE candidature_id = $1`, [row.id]);
  const data = rows[0] ? await pieceStorage().get(rows[0].storage_key) : null;
  if (!data) throw notFound("Le récapitulatif n'existe pas encore : il est produit au dépôt de la candidature.");
  return { data, fileName: `recapitulatif-${row.reference}.pdf` };
}

/** Everything entered, for the PDF and the e-mail. */
async function recapData(ctx: SubgraphContext, row: CandidatureRow): Promise<RecapitulatifData> {
  const [campaign, members, details, funding, report, dossier, pieces, needs] = await Promise.all([
    campaignRow(ctx, row),
    loadMembers(ctx.db, row.id),
    loadMemberDetails(ctx.db, row.id),
    candidatureFunding(ctx, row),
    eligibilityFor(ctx, row),
    loadDossier(ctx.db, row.id),
    loadPieces(ctx.db, row.id),
    piecesNeeds(ctx.db, row.id),
  ]);
  const facts = (await establishmentFacts(members.map((m) => m.finess))) ?? {};
  const present = presentCodes(pieces);
  return {
    candidature: row,
    campaignLabel: campaign.label,
    porteurEmail: ctx.claims.email ?? null,
    members: members.map((m) => ({
      ...m,
      name: facts[m.finess]?.name ?? null,
      saad: details.get(m.finess)?.saad ?? null,
      solutionInReferencing: details.get(m.finess)?.solutionInReferencing ?? false,
      line: funding.lines.find((l) => l.finess === m.finess) ?? null,
    })),
    funding,
    eligibility: report.items,
    dossier: toDossierView(dossier, members, false),
    pieces: needs.map((n) => ({ code: n.code, label: n.label, requirement: n.requirement, files: pieces.filter((p) => p.code === n.code && !p.replacedAt).map((p) => ({ fileName: p.fileName, size: p.size })), present: present.includes(n.code) })),
    generatedAt: new Date(),
  };
}

const euros = (n: number) => `${new Intl.NumberFormat('fr-FR').format(n).replace(/\u202f|\u00a0/g, ' ')} €`;

export async function submitCandidature(ctx: SubgraphContext, id: string, expectedVersion: number | null | undefined): Promise<CandidatureRow> {
  const { row } = await editableByPorteur(ctx, id, ['pieces']);
  if (expectedVersion != null) await checkExpectedVersion(ctx, row, expectedVersion);
  const check = await computeCheck(ctx, row);
  if (check.late) throw badInput(check.lateMessage, { reason: 'LATE', problems: check.problems, arsContacts: check.arsContacts });
  if (row.state === 'DRAFT' && check.problems.length) {
    throw badInput(`La candidature ne peut pas encore être déposée : ${check.problems.join(' ')}`, { reason: 'INCOMPLETE', problems: check.problems, missingPieces: check.missingPieces });
  }
  const submitted = await fireAction(ctx, row.id, 'submit', null, expectedVersion ?? row.version);
  if (submitted.state !== 'SUBMITTED') return submitted;

  // The récapitulatif and the e-mail follow the committed submission; a failure here is logged, never undoes it.
  try {
    const data = await recapData(ctx, submitted);
    const pdf = await recapitulatifPdf(data);
    const key = `${submitted.id}/recapitulatif-${submitted.version}.pdf`;
    await pieceStorage().put(key, pdf);
    await ctx.db.query(
      `INSERT INTO candidature_recapitulatif (candidature_id, storage_key, size, created_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (candidature_id) DO UPDATE SET storage_key = EXCLUDED.storage_key, size = EXCLUDED.size, created_at = EXCLUDED.created_at`,
      [submitted.id, key, pdf.length],
    );
    const to = ctx.claims.email;
    if (to) {
      const when = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(submitted.submittedAt ?? new Date());
      const text = [
        'Bonjour,',
        '',
        `Votre candidature ${submitted.reference} « ${submitted.title} » a bien été déposée le ${when} (heure de Paris)${submitted.windowCode ? `, fenêtre de sélection ${submitted.windowCode}` : ''}.`,
        `Campagne : ${data.campaignLabel}.`,
        `Guichet : ${submitted.desk === 'NATIONAL' ? 'national (CNSA)' : `régional, ARS pivot ${submitted.pivotRegion ?? ''}`}.`,
        `Grappe : ${data.members.length} ESSMS ; subvention estimée : ${euros(data.funding.total)}.`,
        `Pièces jointes : ${data.pieces.filter((p) => p.present).map((p) => p.code).join(', ') || 'aucune'}.`,
        '',
        'Le récapitulatif complet de votre dossier est joint à ce message (PDF) ; il reste téléchargeable dans votre espace.',
        "Le dossier est désormais figé : l'ARS peut vous demander des compléments, vous en serez prévenu par e-mail.",
        '',
        "L'équipe ESMS numérique",
      ].join('\n');
      await createMailer().send({
        to,
        subject: `Candidature ${submitted.reference} déposée — récapitulatif`,
        text,
        attachments: [{ filename: `recapitulatif-${submitted.reference}.pdf`, content: pdf, contentType: 'application/pdf' }],
      });
    } else {
      ctx.logger.warn({ candidature: submitted.id }, 'no e-mail in the claims: confirmation not sent');
    }
  } catch (error) {
    ctx.logger.error({ err: error, candidature: submitted.id }, 'récapitulatif or confirmation e-mail failed after submission');
  }
  ctx.loaders.clear();
  return readableCandidature(ctx, submitted.id);
}

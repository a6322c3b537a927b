import { isSubmissionOnTime, trackOf, transition, windowAt, type CampaignCalendar, type CandidatureState, type Track } from '@esms/domain';
import { badInput, callSubgraph, enqueueEmail, notFound, now as serverNow, testPause, type SubgraphContext } from '@esms/server-kit';
import { randomUUID } from 'node:crypto';
import { establishmentFacts } from '../annuaire/annuaire-client';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { insertEvent, loadEvents, loadMembers } from '../candidatures/candidature.repository';
import { candidatureFunding, eligibilityFor, lifecycleContext, lifecycleFailure, readableCandidature } from '../candidatures/candidature.service';
import { loadDossier, toDossierView } from '../dossier/dossier.service';
import { bumpVersion, checkExpectedVersion, editableByPorteur } from '../dossier/file-edit';
import { loadMemberDetails } from '../grappe/grappe.service';
import { pieceStorage } from '../pieces/piece-storage';
import { pieceBlocks, pieceProblems } from '../pieces/piece-blocks';
import { loadPieces, piecesNeeds, presentCodes } from '../pieces/pieces.service';
import { loadQuarantine } from '../pieces/quarantine';
import { flushMailOutbox } from './mail-outbox';
import { recapitulatifPdf, submissionStamp, type RecapitulatifData } from './recapitulatif-pdf';
import { BlockingPieceReason, type ArsContact, type SubmissionCheck } from './submission.types';

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

async function computeCheck(ctx: SubgraphContext, row: CandidatureRow, now = serverNow()): Promise<Check> {
  const campaign = await campaignRow(ctx, row);
  const track = trackOf(campaign.calendar, row.track);
  const onTime = isSubmissionOnTime(track, now);
  const late = !onTime && !(await reopened(ctx, row.id));
  const [members, report, needs, pieces, quarantine] = await Promise.all([loadMembers(ctx.db, row.id), eligibilityFor(ctx, row), piecesNeeds(ctx.db, row.id), loadPieces(ctx.db, row.id), loadQuarantine(ctx.db, row.id)]);
  const blocks = pieceBlocks(needs, pieces, quarantine);
  const present = presentCodes(pieces);
  const missing = needs.filter((n) => n.requirement === 'REQUIRED' && !present.includes(n.code));
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
  problems.push(...pieceProblems(blocks));
  return {
    canSubmit: row.state === 'DRAFT' && problems.length === 0,
    problems,
    missingPieces: missing.map((p) => p.code),
    blockingPieces: blocks.map((b) => ({ ...b, reason: b.reason as BlockingPieceReason })),
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
async function recapData(ctx: SubgraphContext, row: CandidatureRow, receiptNumber: string, window: RecapitulatifData['window']): Promise<RecapitulatifData> {
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
    receiptNumber,
    window,
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

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

/** A replayed submission (same idempotency key): the file as it is, same receipt number; null when the key is new. */
async function replayed(ctx: SubgraphContext, id: string, key: string): Promise<CandidatureRow | null> {
  const rows: any[] = await ctx.db.query(`SELECT candidature_id FROM candidature_submission WHERE idempotency_key = $1`, [key]);
  if (!rows[0]) return null;
  ctx.loaders.clear(); // this request may have read the file before the winner committed: answer what is stored now
  const row = await readableCandidature(ctx, id);
  if (String(rows[0].candidature_id) !== row.id) {
    throw badInput("Cette clé d'idempotence a déjà servi pour une autre candidature : utilisez une nouvelle clé pour chaque dépôt.", { field: 'idempotencyKey' });
  }
  return row;
}

/** Receipt number (accusé de réception): the file reference and the rank of its submissions, e.g. `ESMS-28-2026-0042-AR1`. */
async function nextReceiptNumber(ctx: SubgraphContext, row: CandidatureRow): Promise<string> {
  const rows: any[] = await ctx.db.query(`SELECT count(*)::int AS n FROM candidature_submission WHERE candidature_id = $1`, [row.id]);
  return `${row.reference}-AR${Number(rows[0]?.n ?? 0) + 1}`;
}

const isUniqueViolation = (error: unknown) => /duplicate key|unique constraint|23505/i.test(String((error as any)?.code ?? '') + ' ' + String((error as Error)?.message ?? ''));

/**
 * Submission (issue 8): judged on the server clock AT COMMIT (Europe/Paris deadline, the client's time is never
 * read); the transition, the event, the récapitulatif row, the receipt number, the idempotency key (UNIQUE) and the
 * confirmation e-mail (outbox) are written in ONE transaction — a crash leaves the file entirely before or after.
 * A replay with the same `idempotencyKey` (double click, retry after a timeout) answers the same submission.
 */
export async function submitCandidature(ctx: SubgraphContext, id: string, expectedVersion: number | null | undefined, idempotencyKey?: string | null): Promise<CandidatureRow> {
  const key = idempotencyKey?.trim() || null;
  if (key && !IDEMPOTENCY_KEY.test(key)) {
    throw badInput("La clé d'idempotence compte 8 à 200 caractères (lettres, chiffres, « - _ . : ») : générez-en une par dépôt (UUID).", { field: 'idempotencyKey' });
  }
  if (key) {
    const again = await replayed(ctx, id, key);
    if (again) return again;
  }
  const { row, role } = await editableByPorteur(ctx, id, ['pieces']);
  if (expectedVersion != null) await checkExpectedVersion(ctx, row, expectedVersion);
  const check = await computeCheck(ctx, row);
  if (check.late) throw badInput(check.lateMessage, { reason: 'LATE', problems: check.problems, arsContacts: check.arsContacts });
  if (row.state === 'DRAFT' && check.problems.length) {
    throw badInput(`La candidature ne peut pas encore être déposée : ${check.problems.join(' ')}`, { reason: 'INCOMPLETE', problems: check.problems, missingPieces: check.missingPieces });
  }
  const started = serverNow();
  const lifecycle = await lifecycleContext(ctx, row, started);
  // Midnight may pass between the check above and this instant: the same LATE answer, whichever step sees it.
  if (lifecycle.submissionOnTime === false && !lifecycle.reopenedByInstructeur) {
    throw badInput(check.lateMessage, { reason: 'LATE', problems: [check.lateMessage], arsContacts: check.arsContacts });
  }
  let to: CandidatureState;
  try {
    to = transition(row.state, 'submit', role, lifecycle);
  } catch (error) {
    lifecycleFailure(error);
  }
  const campaign = await campaignRow(ctx, row);
  const track = trackOf(campaign.calendar, row.track);
  const receipt = await nextReceiptNumber(ctx, row);
  const expected = expectedVersion ?? row.version;

  // The récapitulatif is produced before the transaction (no transaction is held while rendering); only a committed
  // submission references it (an interrupted one leaves an unreferenced object in the storage, never a row).
  const preview = Object.assign(Object.create(Object.getPrototypeOf(row)), row, { state: to, submittedAt: started, windowCode: windowAt(track, started)?.code ?? null, version: expected + 1 }) as CandidatureRow;
  const data = await recapData(ctx, preview, receipt, windowAt(track, started));
  let recap = await storeRecapitulatif(row.id, expected + 1, data);
  const rendered = [recap.key];

  const email = ctx.claims.email;
  try {
    await ctx.db.transaction(async (m) => {
      // The deadline is judged here, at commit time, on the server clock.
      const at = serverNow();
      if (!isSubmissionOnTime(track, at) && !lifecycle.reopenedByInstructeur) {
        throw badInput(check.lateMessage, { reason: 'LATE', problems: [check.lateMessage], arsContacts: check.arsContacts });
      }
      const windowCode = windowAt(track, at)?.code ?? null;
      // The PDF states the receipt, the time (to the minute) and the window: re-rendered in the rare case the commit
      // crossed a minute or a window boundary since it was rendered, so that it says what is recorded.
      if (!sameStamp(track, started, at)) {
        recap = await storeRecapitulatif(row.id, expected + 1, { ...data, candidature: Object.assign(Object.create(Object.getPrototypeOf(row)), preview, { submittedAt: at, windowCode }) as CandidatureRow, window: windowAt(track, at) });
        rendered.push(recap.key);
      }
      const submitted = await bumpVersion(m, row.id, expected, ctx.claims.sub, { state: to, submitted_at: at, window_code: windowCode, receipt_number: receipt });
      await m.query(
        `INSERT INTO candidature_submission (id, candidature_id, idempotency_key, receipt_number, actor_id, submitted_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [randomUUID(), row.id, key ?? `server:${randomUUID()}`, receipt, ctx.claims.sub ?? null, at],
      );
      await insertEvent(m, {
        candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action: 'submit', fromState: row.state, toState: to, at,
        details: { receiptNumber: receipt, ...(windowCode ? { windowCode } : {}) },
      });
      await m.query(
        `INSERT INTO candidature_recapitulatif (candidature_id, storage_key, size, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (candidature_id) DO UPDATE SET storage_key = EXCLUDED.storage_key, size = EXCLUDED.size, created_at = EXCLUDED.created_at`,
        [row.id, recap.key, recap.pdf.length, at],
      );
      if (email) {
        await enqueueEmail(m, {
          to: email,
          subject: `Candidature ${submitted.reference} déposée — accusé de réception ${receipt}`,
          text: confirmationText({ ...data, candidature: submitted }, receipt, at),
          attachments: [{ filename: `recapitulatif-${submitted.reference}.pdf`, contentType: 'application/pdf', storageKey: recap.key }],
          kind: 'submission_confirmation',
          ref: `${row.id}:${receipt}`,
        });
      } else {
        ctx.logger.warn({ candidature: row.id }, 'no e-mail in the claims: confirmation not sent');
      }
      await testPause('submission:before-commit');
    });
  } catch (error) {
    for (const k of rendered) await pieceStorage().delete(k).catch(() => undefined);
    // Two requests with the same key at once: the loser answers the winner's submission.
    if (key && (isUniqueViolation(error) || (error as any)?.extensions?.code === 'CONFLICT')) {
      const again = await replayed(ctx, id, key);
      if (again) return again;
    }
    throw error;
  }
  for (const k of rendered.filter((k) => k !== recap.key)) await pieceStorage().delete(k).catch(() => undefined);
  await testPause('submission:after-commit');
  // Sent right after the answer, not before it: the porteur does not wait for the outbox run (the other porteurs'
  // e-mails, the SMTP server). Awaited, it held answers for seconds at a deadline rush (tools/load).
  void flushMailOutbox(ctx.db, ctx.logger);
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

/** Renders the récapitulatif and stores it under a fresh key (referenced only once the submission commits). */
async function storeRecapitulatif(id: string, version: number, data: RecapitulatifData): Promise<{ key: string; pdf: Buffer }> {
  const pdf = await recapitulatifPdf(data);
  const key = `${id}/recapitulatif-${version}-${randomUUID()}.pdf`;
  await pieceStorage().put(key, pdf);
  return { key, pdf };
}

/** Whether a PDF rendered for `a` states what is recorded for `b`: same minute (Europe/Paris) and same window. */
const sameStamp = (track: Track, a: Date, b: Date) => submissionStamp(a) === submissionStamp(b) && windowAt(track, a)?.code === windowAt(track, b)?.code;

function confirmationText(data: RecapitulatifData, receipt: string, at: Date): string {
  const c = data.candidature;
  const when = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'medium' }).format(at);
  return [
    'Bonjour,',
    '',
    `Votre candidature ${c.reference} « ${c.title} » a bien été déposée le ${when} (heure de Paris)${c.windowCode ? `, fenêtre de sélection ${c.windowCode}` : ''}.`,
    `Numéro d'accusé de réception : ${receipt}.`,
    `Campagne : ${data.campaignLabel}.`,
    `Guichet : ${c.desk === 'NATIONAL' ? 'national (CNSA)' : `régional, ARS pivot ${c.pivotRegion ?? ''}`}.`,
    `Grappe : ${data.members.length} ESSMS ; subvention estimée : ${euros(data.funding.total)}.`,
    `Pièces jointes : ${data.pieces.filter((p) => p.present).map((p) => p.code).join(', ') || 'aucune'}.`,
    '',
    'Le récapitulatif complet de votre dossier est joint à ce message (PDF) ; il reste téléchargeable dans votre espace.',
    "Le dossier est désormais figé : l'ARS peut vous demander des compléments, vous en serez prévenu par e-mail.",
    '',
    "L'équipe ESMS numérique",
  ].join('\n');
}

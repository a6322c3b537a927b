import { PIECES, requiredPieces, type PieceNeed, type PiecesProject } from '@esms/domain';
import { badInput, conflict, forbidden, HttpError, loaderFor, notFound, requireRole, type SubgraphContext } from '@esms/server-kit';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { insertEvent, isUuid, loadMembers } from '../candidatures/candidature.repository';
import { readableCandidature } from '../candidatures/candidature.service';
import { loadDossier } from '../dossier/dossier.service';
import { editableByPorteur } from '../dossier/file-edit';
import { refreshQueueFacts } from '../queue/queue-facts';
import { antivirusMode, scanBuffer, USABLE_SCAN_STATUSES, type ScanStatus } from './antivirus';
import { pieceStorage } from './piece-storage';
import { outstandingQuarantine, quarantineLoader } from './quarantine';
import { checkZip, ZIP_MEDIA_TYPES } from './zip-limits';
import { PieceRequirementLevel, type PieceFile, type PieceRequirementView } from './pieces.types';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = DataSource | EntityManager;

export interface PieceRow {
  id: string;
  candidatureId: string;
  code: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  storageKey: string;
  uploadedAt: Date;
  uploadedBy: string | null;
  replacedAt: Date | null;
  scanStatus: ScanStatus;
}

const mapPiece = (r: any): PieceRow => ({
  id: String(r.id),
  candidatureId: String(r.candidature_id),
  code: r.code,
  fileName: r.file_name,
  mediaType: r.media_type,
  size: Number(r.size),
  sha256: r.sha256,
  storageKey: r.storage_key,
  uploadedAt: new Date(r.uploaded_at),
  uploadedBy: r.uploaded_by,
  replacedAt: r.replaced_at ? new Date(r.replaced_at) : null,
  scanStatus: (r.scan_status ?? 'PENDING') as ScanStatus,
});

export async function loadPieces(db: Db, candidatureId: string): Promise<PieceRow[]> {
  const rows: any[] = await db.query(`SELECT * FROM candidature_piece WHERE candidature_id = $1 ORDER BY code, uploaded_at`, [candidatureId]);
  return rows.map(mapPiece);
}

const piecesLoader = (ctx: SubgraphContext) =>
  loaderFor<string, PieceRow[]>(ctx, 'porteur:pieces', async (ids) => {
    const rows: any[] = await ctx.db.query(`SELECT * FROM candidature_piece WHERE candidature_id = ANY($1::uuid[]) ORDER BY code, uploaded_at`, [[...ids]]);
    const by = new Map<string, PieceRow[]>();
    for (const r of rows.map(mapPiece)) by.set(r.candidatureId, [...(by.get(r.candidatureId) ?? []), r]);
    return ids.map((id) => by.get(id) ?? []);
  });

/** Codes with a current (not replaced) file that passed the antivirus (a PENDING file does not count yet). */
export const presentCodes = (pieces: PieceRow[]) => [...new Set(pieces.filter((p) => !p.replacedAt && USABLE_SCAN_STATUSES.includes(p.scanStatus)).map((p) => p.code))];

/** The domain's `requiredPieces` for this file: grappe (SAAD, national entities, hardware) and dossier answers (GHT, P14). */
export async function piecesNeeds(db: Db, candidatureId: string): Promise<PieceNeed[]> {
  const [members, dossier] = await Promise.all([loadMembers(db, candidatureId), loadDossier(db, candidatureId)]);
  const a = dossier.answers;
  const project: PiecesProject = {
    hasSaad: members.some((m) => m.saadTotalHours != null),
    attachedToNationalEntity: members.some((m) => !!m.nationalEntity) || !!a.porteurNationalEntity,
    // 003 §4.2 C: the GHT porteur choosing its DPI proves its coverage (P14).
    ghtDpiChosen: !!a.porteurIsGht,
    ogDuiReusedForPdePds: !!a.ogDuiReusedForPdePds,
    hardwareRequested: members.some((m) => (m.hardwareQuote ?? 0) > 0),
  };
  return requiredPieces(project);
}

export async function missingRequiredPieces(db: Db, candidatureId: string): Promise<PieceNeed[]> {
  const [needs, pieces] = await Promise.all([piecesNeeds(db, candidatureId), loadPieces(db, candidatureId)]);
  const present = presentCodes(pieces);
  return needs.filter((n) => n.requirement === 'REQUIRED' && !present.includes(n.code));
}

export const fileView = (p: PieceRow): PieceFile => ({
  id: p.id,
  fileName: p.fileName,
  size: p.size,
  mediaType: p.mediaType,
  uploadedAt: p.uploadedAt,
  uploadedBy: p.uploadedBy,
  downloadPath: `/files/pieces/${p.id}`,
  scanStatus: p.scanStatus as PieceFile['scanStatus'],
});

export async function piecesView(ctx: SubgraphContext, row: CandidatureRow): Promise<PieceRequirementView[]> {
  const [needs, pieces, quarantine] = await Promise.all([piecesNeeds(ctx.db, row.id), piecesLoader(ctx).load(row.id), quarantineLoader(ctx).load(row.id)]);
  return needs.map((n) => {
    const mine = (pieces ?? []).filter((p) => p.code === n.code);
    const current = mine.filter((p) => !p.replacedAt);
    const infected = outstandingQuarantine(n.code, current.at(-1)?.uploadedAt ?? null, quarantine ?? []);
    return {
      code: n.code,
      label: n.label,
      requirement: n.requirement as PieceRequirementLevel,
      reason: n.reason,
      files: current.map(fileView),
      replacedCount: mine.filter((p) => p.replacedAt).length,
      quarantined: infected ? { id: infected.id, fileName: infected.fileName, size: infected.size, detectedAt: infected.detectedAt, signature: infected.signature } : null,
    };
  });
}

// ---------- upload / delete / download ----------

export const MAX_PIECE_BYTES = 10 * 1024 * 1024;
/** Versions kept per piece code (history included) and files per candidature: beyond, uploads are refused (409). */
export const MAX_VERSIONS_PER_PIECE = 20;
export const MAX_FILES_PER_CANDIDATURE = 200;
export const MAX_FILE_NAME_LENGTH = 120;

/** Types accepted, as sniffed from the content (file-type@16); the declared type is not trusted. */
export const ALLOWED_MEDIA_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint (PPTX)',
  'application/vnd.oasis.opendocument.text': 'OpenDocument texte (ODT)',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument tableur (ODS)',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};
export const ALLOWED_LABEL = 'PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument (ODT, ODS), PNG ou JPEG';

export async function sniffMediaType(data: Buffer): Promise<string | null> {
  // file-type@16 is CommonJS; `fromBuffer` reads the magic numbers (and the zip entries for office files).
  const { fromBuffer } = (await import('file-type')) as unknown as { fromBuffer(b: Buffer): Promise<{ mime: string } | undefined> };
  return (await fromBuffer(data))?.mime ?? null;
}

export function cleanFileName(raw: string | undefined, code: string): string {
  let name = '';
  try {
    name = decodeURIComponent(raw ?? '');
  } catch {
    name = raw ?? '';
  }
  name = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  // Control characters, bidi overrides/isolates (« facture\u202Efdp.exe » shows as « facture exe.pdf »), zero-width characters.
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[\u0000-\u001f\u007f-\u009f"<>|:*?\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '_');
  name = name.replace(/^[\s.]+/, '').trim();
  if (name.length > MAX_FILE_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, MAX_FILE_NAME_LENGTH - ext.length) + ext;
  }
  return name || `${code}`;
}

export async function storePiece(ctx: SubgraphContext, candidatureId: string, code: string, data: Buffer, fileName: string): Promise<PieceRow> {
  const { row, role } = await editableByPorteur(ctx, candidatureId, ['pieces']);
  if (!PIECES.some((p) => p.code === code)) {
    throw badInput(`Pièce inconnue « ${code} » : les pièces vont de P01 à P16 (annexe 2).`, { field: 'code' });
  }
  if (data.length === 0) throw badInput('Le fichier est vide : choisissez un autre fichier.', { field: 'file' });
  const mediaType = await sniffMediaType(data);
  // Archives first (ClamAV passes zip bombs silently), then the antivirus on every body, then the type allow-list.
  if (mediaType && ZIP_MEDIA_TYPES.has(mediaType)) {
    const zip = checkZip(data);
    if (!zip.ok) throw new HttpError(422, 'ARCHIVE_REFUSED', `Ce fichier est refusé : ${zip.reason}. Enregistrez-le à nouveau depuis votre logiciel ou déposez un PDF.`);
  }
  const id = randomUUID();
  const scan = await scanBuffer(data);
  if (scan.status === 'INFECTED') {
    await quarantine(ctx.db, { id, candidatureId: row.id, code, fileName, data, signature: scan.signature, uploadedBy: ctx.claims.sub ?? null, actorRole: role, state: row.state });
    throw new HttpError(
      422,
      'INFECTED',
      `Un virus a été détecté dans « ${fileName} » (${scan.signature}) : le fichier a été mis en quarantaine et n'a pas été ajouté à votre candidature. Analysez votre poste avec votre antivirus, puis déposez un fichier sain.`,
    );
  }
  if (!mediaType || !ALLOWED_MEDIA_TYPES[mediaType]) {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `Ce fichier n'est pas d'un type accepté (${mediaType ? `contenu reconnu : ${mediaType}` : 'contenu non reconnu'}) : déposez un fichier ${ALLOWED_LABEL}. Renommer un fichier ne change pas son contenu.`,
    );
  }
  const counts: any[] = await ctx.db.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE code = $2)::int AS same FROM candidature_piece WHERE candidature_id = $1`, [row.id, code]);
  if (Number(counts[0]?.same ?? 0) >= MAX_VERSIONS_PER_PIECE) {
    throw new HttpError(409, 'TOO_MANY_FILES', `La pièce ${code} a déjà ${MAX_VERSIONS_PER_PIECE} versions : contactez votre ARS si vous devez encore la remplacer.`);
  }
  if (Number(counts[0]?.total ?? 0) >= MAX_FILES_PER_CANDIDATURE) {
    throw new HttpError(409, 'TOO_MANY_FILES', `Cette candidature compte déjà ${MAX_FILES_PER_CANDIDATURE} fichiers déposés : contactez votre ARS.`);
  }
  const storageKey = `${row.id}/${id}`;
  await pieceStorage().put(storageKey, data);
  const now = new Date();
  try {
    await ctx.db.transaction(async (m) => {
      const replaced: any[] = await m.query(
        `UPDATE candidature_piece SET replaced_at = $3 WHERE candidature_id = $1 AND code = $2 AND replaced_at IS NULL RETURNING id`,
        [row.id, code, now],
      );
      const replacedRows = Array.isArray(replaced[0]) ? replaced[0] : replaced;
      await m.query(
        `INSERT INTO candidature_piece (id, candidature_id, code, file_name, media_type, size, sha256, storage_key, uploaded_at, uploaded_by, scan_status, scanned_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [id, row.id, code, fileName, mediaType, data.length, createHash('sha256').update(data).digest('hex'), storageKey, now, ctx.claims.sub ?? null, scan.status, scan.status === 'PENDING' ? null : now],
      );
      await insertEvent(m, {
        candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action: replacedRows.length ? 'replace_piece' : 'upload_piece', fromState: row.state, toState: row.state, at: now,
        details: { code, pieceId: id, fileName, size: data.length, ...(replacedRows.length ? { replaced: replacedRows.map((r: any) => String(r.id)) } : {}) },
      });
      await refreshQueueFacts(m, row.id); // E06/E11 flags of the queue
    });
  } catch (error) {
    await pieceStorage().delete(storageKey).catch(() => undefined);
    throw error;
  }
  return (await loadPieces(ctx.db, row.id)).find((p) => p.id === id)!;
}

async function pieceById(ctx: SubgraphContext, pieceId: string): Promise<{ piece: PieceRow; row: CandidatureRow }> {
  if (!isUuid(pieceId)) throw notFound("Cette pièce n'existe pas ou vous n'y avez pas accès.");
  const rows: any[] = await ctx.db.query(`SELECT * FROM candidature_piece WHERE id = $1`, [pieceId]);
  if (!rows[0]) throw notFound("Cette pièce n'existe pas ou vous n'y avez pas accès.");
  const piece = mapPiece(rows[0]);
  try {
    return { piece, row: await readableCandidature(ctx, piece.candidatureId) };
  } catch {
    throw notFound("Cette pièce n'existe pas ou vous n'y avez pas accès.");
  }
}

export async function readPiece(ctx: SubgraphContext, pieceId: string): Promise<{ piece: PieceRow; data: Buffer }> {
  const { piece } = await pieceById(ctx, pieceId);
  if (!USABLE_SCAN_STATUSES.includes(piece.scanStatus)) {
    throw new HttpError(409, 'SCAN_PENDING', "Ce fichier est en cours d'analyse antivirus : il sera téléchargeable dès qu'il aura été vérifié (réessayez dans quelques minutes).");
  }
  const data = await pieceStorage().get(piece.storageKey);
  if (!data) throw notFound("Le fichier de cette pièce n'est plus disponible : déposez-le à nouveau.");
  return { piece, data };
}

export async function deletePiece(ctx: SubgraphContext, pieceId: string): Promise<CandidatureRow> {
  requireRole(ctx, 'PORTEUR');
  const { piece, row } = await pieceById(ctx, pieceId);
  const role = actingRole(ctx.claims, row);
  if (role !== 'PORTEUR') throw forbidden('Seul le porteur de cette candidature peut supprimer ses pièces.');
  if (row.submittedAt || row.state !== 'DRAFT') {
    throw conflict('La candidature est déposée : ses pièces ne peuvent plus être supprimées (vous pouvez en ajouter si l’ARS demande des compléments).');
  }
  if (piece.replacedAt) throw conflict('Cette version a déjà été remplacée : seule la version actuelle peut être supprimée.');
  await ctx.db.transaction(async (m) => {
    await m.query(`DELETE FROM candidature_piece WHERE id = $1`, [piece.id]);
    await insertEvent(m, { candidatureId: row.id, actorId: ctx.claims.sub, actorRole: 'PORTEUR', action: 'delete_piece', fromState: row.state, toState: row.state, details: { code: piece.code, pieceId: piece.id, fileName: piece.fileName } });
    await refreshQueueFacts(m, row.id);
  });
  await pieceStorage().delete(piece.storageKey).catch(() => undefined);
  ctx.loaders.clear();
  return readableCandidature(ctx, row.id);
}

// ---------- antivirus: quarantine and rescan ----------

interface QuarantineInput {
  id: string;
  candidatureId: string;
  code: string;
  fileName: string;
  data: Buffer;
  signature: string;
  uploadedBy: string | null;
  actorRole: string;
  state: string;
}

/** Keeps an infected file apart (never served), with an event in the file's history. */
async function quarantine(db: Db, q: QuarantineInput): Promise<void> {
  const key = `quarantine/${q.candidatureId}/${q.id}`;
  await pieceStorage().put(key, q.data);
  await (db as DataSource).transaction(async (m) => {
    await m.query(
      `INSERT INTO candidature_piece_quarantine (id, candidature_id, code, file_name, size, sha256, storage_key, signature, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [q.id, q.candidatureId, q.code, q.fileName, q.data.length, createHash('sha256').update(q.data).digest('hex'), key, q.signature, q.uploadedBy],
    );
    await insertEvent(m, {
      candidatureId: q.candidatureId, actorId: q.uploadedBy, actorRole: q.actorRole as any, action: 'piece_quarantined', fromState: q.state as any, toState: q.state as any,
      details: { code: q.code, pieceId: q.id, fileName: q.fileName, signature: q.signature },
    });
  });
}

/**
 * The retry job: scans the pieces left PENDING (scanner unreachable at upload, files from before the antivirus)
 * and those marked SAFE_UNSCANNED once a scanner is configured. An infected one leaves `candidature_piece` for the
 * quarantine in one transaction (its file moved), with an event. Returns the counts.
 */
export async function rescanPieces(db: DataSource, limit = 50): Promise<{ safe: number; infected: number; pending: number }> {
  const rows: any[] = await db.query(
    `SELECT p.*, c.state FROM candidature_piece p JOIN candidature c ON c.id = p.candidature_id
     WHERE p.scan_status = 'PENDING' OR (p.scan_status = 'SAFE_UNSCANNED' AND $2) ORDER BY p.uploaded_at LIMIT $1`,
    [limit, antivirusMode().kind === 'clamd'],
  );
  const out = { safe: 0, infected: 0, pending: 0 };
  for (const r of rows) {
    const piece = mapPiece(r);
    const data = await pieceStorage().get(piece.storageKey);
    if (!data) continue;
    const scan = await scanBuffer(data);
    if (scan.status === 'PENDING' || (scan.status === 'SAFE_UNSCANNED' && piece.scanStatus === 'SAFE_UNSCANNED')) {
      await db.query(`UPDATE candidature_piece SET scan_attempts = scan_attempts + 1 WHERE id = $1`, [piece.id]);
      out.pending++;
      continue;
    }
    if (scan.status === 'INFECTED') {
      const key = `quarantine/${piece.candidatureId}/${piece.id}`;
      await pieceStorage().put(key, data);
      await db.transaction(async (m) => {
        await m.query(
          `INSERT INTO candidature_piece_quarantine (id, candidature_id, code, file_name, size, sha256, storage_key, signature, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [piece.id, piece.candidatureId, piece.code, piece.fileName, piece.size, piece.sha256, key, scan.signature, piece.uploadedBy],
        );
        await m.query(`DELETE FROM candidature_piece WHERE id = $1`, [piece.id]);
        await insertEvent(m, {
          candidatureId: piece.candidatureId, actorId: null, actorRole: 'SYSTEM' as any, action: 'piece_quarantined', fromState: r.state, toState: r.state,
          details: { code: piece.code, pieceId: piece.id, fileName: piece.fileName, signature: scan.signature },
        });
        await refreshQueueFacts(m, piece.candidatureId);
      });
      await pieceStorage().delete(piece.storageKey).catch(() => undefined);
      out.infected++;
      continue;
    }
    await db.query(`UPDATE candidature_piece SET scan_status = $2, scanned_at = now(), scan_attempts = scan_attempts + 1 WHERE id = $1`, [piece.id, scan.status]);
    if (scan.status === 'SAFE') out.safe++;
  }
  return out;
}

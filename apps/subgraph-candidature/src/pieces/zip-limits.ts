/**
 * ClamAV lets zip bombs through silently (it stops at its limits without an alert): office files (DOCX, XLSX,
 * PPTX, ODT, ODS) are zip archives, so their central directory is checked here before anything else reads them.
 */
export const ZIP_LIMITS = { maxEntries: 2000, maxTotalUncompressed: 200 * 1024 * 1024, maxRatio: 100, ratioFloorBytes: 1024 * 1024 };

export interface ZipCheck {
  ok: boolean;
  reason?: string;
  entries: number;
  totalUncompressed: number;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;

/** Reads the central directory (declared sizes) of a zip; `ok: false` with a French reason beyond the limits or when unreadable. */
export function checkZip(data: Buffer, limits = ZIP_LIMITS): ZipCheck {
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: "l'archive est illisible (répertoire central absent)", entries: 0, totalUncompressed: 0 };
  const total = data.readUInt16LE(eocd + 10);
  const cdOffset = data.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdOffset === 0xffffffff) return { ok: false, reason: "l'archive utilise le format ZIP64, non accepté pour une pièce", entries: total, totalUncompressed: 0 };
  if (total > limits.maxEntries) return { ok: false, reason: `l'archive contient trop de fichiers (${total}, au plus ${limits.maxEntries})`, entries: total, totalUncompressed: 0 };
  let p = cdOffset;
  let sum = 0;
  for (let n = 0; n < total; n++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== CEN) return { ok: false, reason: "l'archive est illisible (répertoire central abîmé)", entries: n, totalUncompressed: sum };
    const compressed = data.readUInt32LE(p + 20);
    const size = data.readUInt32LE(p + 24);
    sum += size;
    if (size > limits.ratioFloorBytes && size / Math.max(1, compressed) > limits.maxRatio) {
      return { ok: false, reason: `un fichier de l'archive est compressé de façon anormale (taux ${Math.round(size / Math.max(1, compressed))} pour 1)`, entries: total, totalUncompressed: sum };
    }
    if (sum > limits.maxTotalUncompressed) {
      return { ok: false, reason: `l'archive décompressée dépasserait ${Math.round(limits.maxTotalUncompressed / 1024 / 1024)} Mo`, entries: total, totalUncompressed: sum };
    }
    p += 46 + data.readUInt16LE(p + 28) + data.readUInt16LE(p + 30) + data.readUInt16LE(p + 32);
  }
  return { ok: true, entries: total, totalUncompressed: sum };
}

export const ZIP_MEDIA_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/zip',
]);

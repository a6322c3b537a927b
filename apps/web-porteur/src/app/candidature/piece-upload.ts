/** Client-side checks and upload of a piece (the server checks again: type sniffing, size, antivirus). */

export const MAX_PIECE_BYTES = 10 * 1024 * 1024;

const ACCEPTED: Record<string, string[]> = {
  pdf: ['application/pdf'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  odt: ['application/vnd.oasis.opendocument.text'],
  ods: ['application/vnd.oasis.opendocument.spreadsheet'],
  png: ['image/png'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
};

/** For the `accept` attribute of the file input. */
export const ACCEPT_ATTRIBUTE = Object.keys(ACCEPTED)
  .map((ext) => `.${ext}`)
  .join(',');

export const ACCEPTED_HINT = 'Formats acceptés : PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), OpenDocument (.odt, .ods), images PNG et JPEG. Taille maximale : 10 Mo.';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} octets`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${(bytes / (1024 * 1024)).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

/** null when the file may be sent; else the French reason it is refused. */
export function pieceFileProblem(file: { name: string; size: number; type: string }): string | null {
  const extension = file.name.includes('.') ? file.name.split('.').pop()?.toLowerCase() ?? '' : '';
  const types = ACCEPTED[extension];
  if (!types) {
    return `Le fichier « ${file.name} » n’est pas d’un type accepté. ${ACCEPTED_HINT}`;
  }
  if (file.type && !types.includes(file.type) && file.type !== 'application/octet-stream') {
    return `Le fichier « ${file.name} » ne correspond pas à son extension .${extension} : enregistrez-le à nouveau au bon format.`;
  }
  if (file.size === 0) return `Le fichier « ${file.name} » est vide.`;
  if (file.size > MAX_PIECE_BYTES) {
    return `Le fichier « ${file.name} » pèse ${formatBytes(file.size)} : la taille maximale est de 10 Mo. Compressez-le ou scindez-le.`;
  }
  return null;
}

export interface UploadOutcome {
  ok: boolean;
  status: number;
  /** The server's JSON body (its French `message` on failure). */
  body: Record<string, unknown>;
}

export function pieceUrl(candidatureId: string, code: string): string {
  return `/files/candidatures/${encodeURIComponent(candidatureId)}/pieces/${encodeURIComponent(code)}`;
}

/** POST of the raw file with XHR, so that the progress bar can follow `upload.onprogress` (gateway `/files/*`, API.md). */
export function uploadPiece(
  url: string,
  file: File,
  onProgress: (ratio: number) => void,
  options: { XHR?: typeof XMLHttpRequest } = {},
): Promise<UploadOutcome> {
  const XHR = options.XHR ?? XMLHttpRequest;
  return new Promise((resolve) => {
    const xhr = new XHR();
    xhr.open('POST', url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        const parsed = JSON.parse(xhr.responseText || '{}');
        if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) onProgress(1);
      resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, body });
    };
    xhr.onerror = () => resolve({ ok: false, status: 0, body: {} });
    xhr.send(file);
  });
}

/** The French message to show for a failed upload. */
export function uploadFailureMessage(outcome: UploadOutcome): string {
  const message = typeof outcome.body['message'] === 'string' ? (outcome.body['message'] as string) : null;
  if (message) return message;
  if (outcome.status === 0) return 'Le téléversement a échoué : vérifiez votre connexion puis réessayez.';
  if (outcome.status === 413) return 'Le fichier dépasse la taille maximale de 10 Mo.';
  if (outcome.status === 415) return 'Ce type de fichier n’est pas accepté.';
  return 'Le téléversement a échoué. Réessayez dans quelques instants.';
}

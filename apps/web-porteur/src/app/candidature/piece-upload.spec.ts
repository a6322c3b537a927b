import { MAX_PIECE_BYTES, pieceFileProblem, pieceUrl, uploadFailureMessage, uploadPiece } from './piece-upload';

describe('pieceFileProblem (client-side checks before upload)', () => {
  it('accepts PDF, office documents and images up to 10 Mo', () => {
    expect(pieceFileProblem({ name: 'note.pdf', size: 1000, type: 'application/pdf' })).toBeNull();
    expect(pieceFileProblem({ name: 'plan.xlsx', size: 1000, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).toBeNull();
    expect(pieceFileProblem({ name: 'photo.JPG', size: MAX_PIECE_BYTES, type: 'image/jpeg' })).toBeNull();
  });

  it('refuses other types with the list of accepted formats', () => {
    expect(pieceFileProblem({ name: 'script.exe', size: 10, type: 'application/x-msdownload' })).toMatch(/n’est pas d’un type accepté.*PDF/);
    expect(pieceFileProblem({ name: 'sans-extension', size: 10, type: '' })).toMatch(/type accepté/);
  });

  it('refuses a file whose declared type contradicts its extension', () => {
    expect(pieceFileProblem({ name: 'note.pdf', size: 10, type: 'text/html' })).toMatch(/ne correspond pas/);
  });

  it('refuses files over 10 Mo, and empty files, saying the size', () => {
    expect(pieceFileProblem({ name: 'gros.pdf', size: MAX_PIECE_BYTES + 1, type: 'application/pdf' })).toMatch(/10 Mo/);
    expect(pieceFileProblem({ name: 'vide.pdf', size: 0, type: 'application/pdf' })).toMatch(/vide/);
  });
});

class FakeXhr {
  static last: FakeXhr;
  status = 0;
  responseText = '';
  headers: Record<string, string> = {};
  method = '';
  url = '';
  withCredentials = false;
  body: unknown;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
}

describe('uploadPiece (XHR with progress, through the gateway /files/*)', () => {
  it('sends the raw file with its name, reports progress and the server answer', async () => {
    const file = new File(['%PDF-1.4'], 'Note de présentation.pdf', { type: 'application/pdf' });
    const progress: number[] = [];
    const promise = uploadPiece(pieceUrl('c-1', 'P01'), file, (r) => progress.push(r), { XHR: FakeXhr as unknown as typeof XMLHttpRequest });
    const xhr = FakeXhr.last;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/files/candidatures/c-1/pieces/P01');
    expect(xhr.headers['x-file-name']).toBe(encodeURIComponent('Note de présentation.pdf'));
    expect(xhr.headers['content-type']).toBe('application/pdf');
    expect(xhr.body).toBe(file);
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 4, total: 8 });
    xhr.status = 201;
    xhr.responseText = JSON.stringify({ piece: { id: 'p1' } });
    xhr.onload?.();
    await expect(promise).resolves.toEqual({ ok: true, status: 201, body: { piece: { id: 'p1' } } });
    expect(progress).toEqual([0.5, 1]);
  });

  it('keeps the server French message of a refusal', async () => {
    const promise = uploadPiece('/x', new File(['x'], 'a.pdf'), () => undefined, { XHR: FakeXhr as unknown as typeof XMLHttpRequest });
    FakeXhr.last.status = 415;
    FakeXhr.last.responseText = JSON.stringify({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Le contenu n’est pas un PDF.' });
    FakeXhr.last.onload?.();
    const outcome = await promise;
    expect(outcome.ok).toBe(false);
    expect(uploadFailureMessage(outcome)).toBe('Le contenu n’est pas un PDF.');
    expect(uploadFailureMessage({ ok: false, status: 413, body: {} })).toMatch(/10 Mo/);
    expect(uploadFailureMessage({ ok: false, status: 0, body: {} })).toMatch(/connexion/);
  });
});

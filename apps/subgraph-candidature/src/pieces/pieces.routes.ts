import { HttpError, sendJson, type HttpRoute, type SubgraphContext } from '@esms/server-kit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRecapitulatif } from '../submission/submission.service';
import { cleanFileName, deletePiece, MAX_PIECE_BYTES, readPiece, storePiece } from './pieces.service';

const TOO_LARGE = `Le fichier dépasse la taille maximale de 10 Mo : réduisez-le (PDF compressé, images moins lourdes) ou découpez-le.`;

/** Reads the raw body, refusing (413) beyond the limit without buffering the rest. */
async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new HttpError(413, 'PAYLOAD_TOO_LARGE', TOO_LARGE);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, 'PAYLOAD_TOO_LARGE', TOO_LARGE);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendFile(res: ServerResponse, data: Buffer, mediaType: string, fileName: string) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.writeHead(200, {
    'content-type': mediaType,
    'content-length': String(data.length),
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  res.end(data);
}

/** REST routes of the pieces and the récapitulatif (reached through the gateway's /files/* proxy). */
export const piecesRoutes: HttpRoute[] = [
  {
    method: 'POST',
    pattern: '/files/candidatures/:id/pieces/:code',
    async handler(req, res, ctx: SubgraphContext, params) {
      const data = await readLimited(req, MAX_PIECE_BYTES);
      const header = req.headers['x-file-name'];
      const piece = await storePiece(ctx, params['id'], params['code'].toUpperCase(), data, cleanFileName(Array.isArray(header) ? header[0] : header, params['code']));
      sendJson(res, 201, {
        piece: { id: piece.id, code: piece.code, fileName: piece.fileName, size: piece.size, mediaType: piece.mediaType, uploadedAt: piece.uploadedAt.toISOString() },
      });
    },
  },
  {
    method: 'DELETE',
    pattern: '/files/pieces/:pieceId',
    async handler(_req, res, ctx, params) {
      await deletePiece(ctx, params['pieceId']);
      sendJson(res, 200, { deleted: true });
    },
  },
  {
    method: 'GET',
    pattern: '/files/pieces/:pieceId',
    async handler(_req, res, ctx, params) {
      const { piece, data } = await readPiece(ctx, params['pieceId']);
      sendFile(res, data, piece.mediaType, piece.fileName);
    },
  },
  {
    method: 'GET',
    pattern: '/files/candidatures/:id/recapitulatif.pdf',
    async handler(_req, res, ctx, params) {
      const { data, fileName } = await readRecapitulatif(ctx, params['id']);
      sendFile(res, data, 'application/pdf', fileName);
    },
  },
];

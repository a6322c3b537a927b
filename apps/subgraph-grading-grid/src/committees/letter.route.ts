import { notFound, type HttpRoute } from '@esms/server-kit';
import { decisionLetter } from './committee.service';

/**
 * `GET /files/committees/decisions/:decisionId/letter.pdf` — the decision letter, reached through the gateway's
 * `/files/committees/*` proxy (claims verified by the subgraph server). Out of scope answers 404 like a missing letter.
 */
export const committeeHttpRoutes: HttpRoute[] = [
  {
    method: 'GET',
    pattern: '/files/committees/decisions/:decisionId/letter.pdf',
    handler: async (_req, res, ctx, params) => {
      const letter = await decisionLetter(ctx, params['decisionId'] ?? '');
      if (!letter) throw notFound("Ce courrier n'existe pas ou vous n'y avez pas accès.");
      res.writeHead(200, {
        'content-type': 'application/pdf',
        'content-length': String(letter.pdf.length),
        'content-disposition': `attachment; filename="decision-${letter.reference.replace(/[^A-Za-z0-9-]/g, '_')}.pdf"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      });
      res.end(letter.pdf);
    },
  },
];

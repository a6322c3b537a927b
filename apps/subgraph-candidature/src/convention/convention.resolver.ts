import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { HttpRoute, SubgraphContext } from '@esms/server-kit';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { Candidature } from '../candidatures/candidature.types';
import { conventionDocument, conventionOf, generateConvention, paymentsOf, signConvention } from './convention.service';
import { Convention, Payment } from './convention.types';

/** `Candidature.convention`, `Candidature.payments`, `generateConvention`, `signConvention` (issue 5 §7). */
@Resolver(() => Candidature)
export class ConventionResolver {
  @FieldResolver(() => Convention, { nullable: true, description: 'Convention ARS–porteur (null tant qu’elle n’est pas générée).' })
  convention(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<Convention | null> {
    return conventionOf(ctx, row.id);
  }

  @FieldResolver(() => [Payment], { description: 'Versements de la subvention (l’avance devient exigible à la signature de la convention).' })
  payments(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<Payment[]> {
    return paymentsOf(ctx, row.id);
  }

  @Mutation(() => Convention, { description: 'Génère (ou régénère tant qu’elle n’est pas signée) la convention d’une candidature retenue : montants, jalons, PDF.' })
  generateConvention(@Arg('candidatureId', () => ID) candidatureId: string, @Ctx() ctx: SubgraphContext): Promise<Convention> {
    return generateConvention(ctx, candidatureId);
  }

  @Mutation(() => Convention, { description: 'Enregistre la date de signature : la candidature passe à « Convention signée » et l’avance de 50 % devient exigible.' })
  signConvention(@Arg('candidatureId', () => ID) candidatureId: string, @Arg('signedOn', { description: 'AAAA-MM-JJ' }) signedOn: string, @Ctx() ctx: SubgraphContext): Promise<Convention> {
    return signConvention(ctx, candidatureId, signedOn);
  }
}

/** `GET /files/conventions/:candidatureId/convention.pdf` (through the gateway /files/* proxy). */
export const conventionHttpRoutes: HttpRoute[] = [
  {
    method: 'GET',
    pattern: '/files/conventions/:candidatureId/convention.pdf',
    handler: async (_req, res, ctx, params) => {
      const doc = await conventionDocument(ctx, params['candidatureId'] ?? '');
      res.writeHead(200, {
        'content-type': 'application/pdf',
        'content-length': String(doc.pdf.length),
        'content-disposition': `attachment; filename="convention-${doc.reference.replace(/[^A-Za-z0-9-]/g, '_')}.pdf"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      });
      res.end(doc.pdf);
    },
  },
];

import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { HttpRoute, SubgraphContext } from '@esms/server-kit';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { Candidature } from '../candidatures/candidature.types';
import { milestones } from '../follow-up/milestones';
import { monthOfDate } from '../measurements/months';
import { conventionDocument, conventionLines, conventionOf, decisionDateLoader, generateConvention, paymentsOf, signConvention, type ConventionRow } from './convention.service';
import { Convention, ConventionLine, ConventionMilestone, Payment } from './convention.types';

/** `Candidature.convention`, `Candidature.payments`, `generateConvention`, `signConvention` (issue 5 §7). */
@Resolver(() => Candidature)
export class ConventionResolver {
  @FieldResolver(() => Convention, { nullable: true, description: 'Convention ARS–porteur (null tant qu’elle n’est pas générée).' })
  convention(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<ConventionRow | null> {
    return conventionOf(ctx, row.id);
  }

  @FieldResolver(() => [Payment], { description: 'Versements de la subvention (l’avance devient exigible à la signature de la convention).' })
  payments(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<Payment[]> {
    return paymentsOf(ctx, row.id);
  }

  @Mutation(() => Convention, {
    description: 'Génère (ou régénère tant qu’elle n’est pas signée) la convention d’une candidature retenue : montants, jalons, PDF. Réservé à l’ARS pivot (CNSA au guichet national).',
  })
  generateConvention(@Arg('candidatureId', () => ID) candidatureId: string, @Ctx() ctx: SubgraphContext): Promise<ConventionRow> {
    return generateConvention(ctx, candidatureId);
  }

  @Mutation(() => Convention, {
    description:
      'Enregistre la date de signature (ni future, ni antérieure à la décision du comité) : la candidature passe à « Convention signée » et l’avance de 50 % devient exigible. Réservé à l’ARS pivot (CNSA au guichet national).',
  })
  signConvention(@Arg('candidatureId', () => ID) candidatureId: string, @Arg('signedOn', { description: 'AAAA-MM-JJ' }) signedOn: string, @Ctx() ctx: SubgraphContext): Promise<ConventionRow> {
    return signConvention(ctx, candidatureId, signedOn);
  }
}

/** What a convention shows beside its stored columns: the lines, the decision date, the planned milestones. */
@Resolver(() => Convention)
export class ConventionFieldsResolver {
  @FieldResolver()
  async lines(@Root() c: ConventionRow, @Ctx() ctx: SubgraphContext): Promise<ConventionLine[]> {
    const { lines } = await conventionLines(ctx, c);
    return lines.map((l) => ({ ...l, name: l.name ?? null, establishment: { finess: l.finess } }));
  }

  @FieldResolver()
  async amoa(@Root() c: ConventionRow, @Ctx() ctx: SubgraphContext): Promise<number> {
    return (await conventionLines(ctx, c)).amoa;
  }

  @FieldResolver()
  decidedOn(@Root() c: ConventionRow, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    return decisionDateLoader(ctx).load(c.candidatureId);
  }

  @FieldResolver(() => [ConventionMilestone], {
    description: 'Jalons prévus (dates indicatives) à partir du début du projet : la date de signature, ou celle de la génération tant que la convention n’est pas signée.',
  })
  milestones(@Root() c: ConventionRow): ConventionMilestone[] {
    // The follow-up's milestone plan (src/follow-up/milestones.ts), read for its planned dates only.
    const plan = milestones(
      {
        signedOn: c.projectStart,
        expectedEnd: c.expectedEnd,
        firstMonth: monthOfDate(c.projectStart),
        advancePaidOn: null,
        deploymentStartedOn: null,
        firstMeasurementOn: null,
        targetsReachedOn: null,
        balanceRequestedOn: null,
        balancePaidOn: null,
      },
      c.projectStart,
    );
    return plan.map(({ code, label, plannedOn }) => ({ code, label, plannedOn }));
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

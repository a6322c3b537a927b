import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@esms/server-kit';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { Candidature } from '../candidatures/candidature.types';
import { readableCandidature } from '../candidatures/candidature.service';
import { Payment } from '../convention/convention.types';
import { EssmsUsageCountsInput, RecordMeasurementsResult } from '../measurements/measurement.types';
import { recordMeasurements } from '../measurements/measurement.service';
import { balanceReadiness, paymentRecordLoader, recordPayment, refuseBalance, requestBalance, startDeployment, validateBalance } from '../payments/payment.service';
import { followUpReadable } from './access';
import { followUpOf, portfolioFiles } from './follow-up.service';
import { BalanceReadiness, FollowUp } from './follow-up.types';

type FollowUpRoot = FollowUp & { __row?: CandidatureRow };

async function withRow(ctx: SubgraphContext, row: CandidatureRow): Promise<FollowUpRoot | null> {
  const f = await followUpOf(ctx, row);
  return f ? Object.assign(f, { __row: row }) : null;
}

/** `Candidature.followUp` and the after-selection operations (issue 6). */
@Resolver(() => Candidature)
export class CandidatureFollowUpResolver {
  @FieldResolver(() => FollowUp, { nullable: true, description: 'Suivi après la signature de la convention : jalons, mesures et cibles d’usage, solde (null avant).' })
  followUp(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<FollowUp | null> {
    return withRow(ctx, row);
  }

  @Mutation(() => Candidature, { description: 'Le porteur déclare le déploiement démarré (après le versement de l’avance).' })
  startDeployment(@Arg('candidatureId', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() ctx: SubgraphContext): Promise<CandidatureRow> {
    return startDeployment(ctx, id, expectedVersion);
  }

  @Mutation(() => Candidature, { description: 'Le porteur demande le solde : refusé avec la liste des conditions manquantes (cibles d’usage, état des dépenses visé).' })
  requestBalance(@Arg('candidatureId', () => ID) id: string, @Arg('expectedVersion', () => Int) expectedVersion: number, @Ctx() ctx: SubgraphContext): Promise<CandidatureRow> {
    return requestBalance(ctx, id, expectedVersion);
  }

  @Mutation(() => Candidature, { description: 'L’ARS valide la demande de solde : le versement du solde devient exigible (enregistré ensuite par recordPayment).' })
  validateBalance(@Arg('candidatureId', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<CandidatureRow> {
    return validateBalance(ctx, id);
  }

  @Mutation(() => Candidature, { description: 'L’ARS refuse la demande de solde (motif obligatoire) : retour en déploiement.' })
  refuseBalance(@Arg('candidatureId', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: SubgraphContext): Promise<CandidatureRow> {
    return refuseBalance(ctx, id, reason);
  }

  @Mutation(() => Candidature, { description: 'L’ARS enregistre un versement effectué (date, référence comptable) : l’avance ou le solde passe à PAID.' })
  async recordPayment(
    @Arg('paymentId', () => ID) paymentId: string,
    @Arg('paidOn', { description: 'AAAA-MM-JJ' }) paidOn: string,
    @Arg('reference') reference: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CandidatureRow> {
    const { candidatureId } = await recordPayment(ctx, paymentId, paidOn, reference);
    return readableCandidature(ctx, candidatureId);
  }

  @Mutation(() => RecordMeasurementsResult, {
    description:
      'Mesures mensuelles des ESSMS d’un projet (porteur, ou éditeur du DUI avec un jeton `measurements:write:<candidatureId>`). Tout ou rien : une erreur BAD_USER_INPUT liste les `problems` et rien n’est enregistré ; une correction garde les valeurs précédentes dans l’historique.',
  })
  recordMeasurements(
    @Arg('candidatureId', () => ID) candidatureId: string,
    @Arg('month', { description: 'Mois mesuré (AAAA-MM), relevé à sa fin ; la première mesure couvre les 3 premiers mois.' }) month: string,
    @Arg('items', () => [EssmsUsageCountsInput]) items: EssmsUsageCountsInput[],
    @Ctx() ctx: SubgraphContext,
  ): Promise<RecordMeasurementsResult> {
    return recordMeasurements(ctx, candidatureId, month, items);
  }

  @Query(() => FollowUp, { nullable: true, description: 'Suivi d’un projet (aussi pour l’éditeur du DUI muni d’un jeton limité à ce projet).' })
  async candidatureFollowUp(@Arg('candidatureId', () => ID) candidatureId: string, @Ctx() ctx: SubgraphContext): Promise<FollowUp | null> {
    return withRow(ctx, await followUpReadable(ctx, candidatureId));
  }

  @Query(() => [Candidature], { description: 'Projets retenus suivis après convention : porteur ses dossiers, instructeur sa région, CNSA tous.' })
  followUpPortfolio(@Arg('regionCode', () => String, { nullable: true }) regionCode: string | null, @Ctx() ctx: SubgraphContext): Promise<CandidatureRow[]> {
    return portfolioFiles(ctx, regionCode);
  }
}

@Resolver(() => FollowUp)
export class FollowUpFieldsResolver {
  @FieldResolver(() => BalanceReadiness, { description: 'Conditions du solde et montant payable (matériel plafonné à la dépense justifiée).' })
  async balance(@Root() f: FollowUpRoot, @Ctx() ctx: SubgraphContext): Promise<BalanceReadiness> {
    if (!f.__row || ctx.claims.role === 'API_CLIENT') return f.balance;
    return balanceReadiness(ctx, f.__row);
  }
}

@Resolver(() => Payment)
export class PaymentRecordResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Date du versement (AAAA-MM-JJ) une fois payé.' })
  async paidOn(@Root() p: Payment, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    return (await paymentRecordLoader(ctx).load(p.id))?.paidOn ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Référence comptable du versement.' })
  async reference(@Root() p: Payment, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    return (await paymentRecordLoader(ctx).load(p.id))?.reference ?? null;
  }
}

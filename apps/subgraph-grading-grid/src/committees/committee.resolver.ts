import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '@esms/server-kit';
import { requireGradingReader } from '../access';
import { Candidature } from '../evaluations/evaluation.types';
import {
  closeCommittee,
  committeeAgenda,
  createCommittee,
  decisionsOfCandidature,
  decisionsOfCommittee,
  listCommittees,
  recordCommitteeDecision,
  regionEnvelope,
  setRegionEnvelope,
  startCommitteeSession,
  visibleCommittee,
  visibleDecision,
} from './committee.service';
import { Committee, CommitteeAgenda, CommitteeDecision, CommitteeDecisionKindEnum, CreateCommitteeInput, RegionEnvelope } from './committee.types';

@Resolver(() => Committee)
export class CommitteeResolver {
  @Query(() => [Committee], { description: 'Comités de sélection visibles (instructeurs de la région, CNSA), par campagne.' })
  async committees(
    @Arg('campaignId', () => ID, { nullable: true }) campaignId: string | null,
    @Arg('regionCode', () => String, { nullable: true, description: 'CNSA : la région ; un instructeur voit la sienne.' }) regionCode: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<Committee[]> {
    requireGradingReader(ctx);
    return listCommittees(ctx, campaignId, regionCode);
  }

  @Query(() => Committee, { nullable: true })
  async committee(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Committee | null> {
    requireGradingReader(ctx);
    return visibleCommittee(ctx, id);
  }

  @Query(() => CommitteeAgenda, { description: "Ordre du jour : dossiers de la fenêtre classés (maturité, priorités, note), cumul face à l'enveloppe." })
  async committeeAgenda(@Arg('committeeId', () => ID) committeeId: string, @Ctx() ctx: SubgraphContext): Promise<CommitteeAgenda> {
    requireGradingReader(ctx);
    return committeeAgenda(ctx, committeeId);
  }

  @Query(() => RegionEnvelope, { nullable: true, description: "Enveloppe régionale d'une campagne (null si non fixée)." })
  async regionEnvelope(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('regionCode', () => String, { nullable: true, description: 'CNSA : la région ; un instructeur voit la sienne.' }) regionCode: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RegionEnvelope | null> {
    requireGradingReader(ctx);
    return regionEnvelope(ctx, campaignId, regionCode);
  }

  @Mutation(() => RegionEnvelope, { description: "Fixe l'enveloppe régionale de la campagne (instructeur de l'ARS, ou CNSA avec regionCode). Chaque modification est tracée." })
  async setRegionEnvelope(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('amount', () => Int) amount: number,
    @Arg('regionCode', () => String, { nullable: true, description: 'CNSA uniquement.' }) regionCode: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<RegionEnvelope> {
    requireGradingReader(ctx);
    return setRegionEnvelope(ctx, campaignId, amount, regionCode);
  }

  @Mutation(() => Committee, { description: "Crée le comité de sélection d'une fenêtre (instructeur de l'ARS de la campagne)." })
  async createCommittee(@Arg('input', () => CreateCommitteeInput) input: CreateCommitteeInput, @Ctx() ctx: SubgraphContext): Promise<Committee> {
    requireGradingReader(ctx);
    return createCommittee(ctx, input);
  }

  @Mutation(() => Committee, { description: 'Ouvre la séance (PLANNED → IN_SESSION). La première décision l’ouvre aussi.' })
  async startCommitteeSession(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Committee> {
    requireGradingReader(ctx);
    return startCommitteeSession(ctx, id);
  }

  @Mutation(() => CommitteeDecision, {
    description: "Enregistre la décision du comité sur un dossier de l'ordre du jour (motif obligatoire). Définitive ; refusée une fois le comité clos.",
  })
  async recordCommitteeDecision(
    @Arg('committeeId', () => ID) committeeId: string,
    @Arg('candidatureId', () => ID) candidatureId: string,
    @Arg('decision', () => CommitteeDecisionKindEnum) decision: CommitteeDecisionKindEnum,
    @Arg('motive', () => String) motive: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CommitteeDecision> {
    requireGradingReader(ctx);
    return recordCommitteeDecision(ctx, committeeId, candidatureId, decision, motive);
  }

  @Mutation(() => Committee, { description: 'Clôt le comité : ses décisions deviennent définitives.' })
  async closeCommittee(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<Committee> {
    requireGradingReader(ctx);
    return closeCommittee(ctx, id);
  }

  @FieldResolver(() => RegionEnvelope, { nullable: true })
  async envelope(@Root() committee: Committee, @Ctx() ctx: SubgraphContext): Promise<RegionEnvelope | null> {
    return regionEnvelope(ctx, committee.campaignId, committee.regionCode);
  }

  @FieldResolver(() => [CommitteeDecision])
  async decisions(@Root() committee: Committee, @Ctx() ctx: SubgraphContext): Promise<CommitteeDecision[]> {
    return decisionsOfCommittee(ctx, committee.id);
  }
}

@Resolver(() => Candidature)
export class CandidatureCommitteeResolver {
  @FieldResolver(() => [CommitteeDecision], {
    description: "Décisions de comité sur la candidature (instructeurs de l'ARS, CNSA ; le porteur voit les siennes une fois rendues).",
  })
  async committeeDecisions(@Root() candidature: Candidature, @Ctx() ctx: SubgraphContext): Promise<CommitteeDecision[]> {
    return decisionsOfCandidature(ctx, candidature.id);
  }
}

export const committeeReference = {
  async __resolveReference(ref: { id: string }, ctx: SubgraphContext) {
    if (ctx.claims.role !== 'INSTRUCTEUR' && ctx.claims.role !== 'CNSA') return null;
    return visibleCommittee(ctx, String(ref.id));
  },
};

export const committeeDecisionReference = {
  async __resolveReference(ref: { id: string }, ctx: SubgraphContext) {
    return visibleDecision(ctx, String(ref.id));
  },
};

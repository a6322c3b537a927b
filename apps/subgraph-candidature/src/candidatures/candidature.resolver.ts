import { STATE_LABELS } from '@esms/domain';
import { loaderFor, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { actingRole } from '../authorization/candidature-scope';
import { campaignLoader, campaignView } from '../campaigns/campaign.service';
import { Campaign } from '../campaigns/campaign.types';
import { OrganismeGestionnaire, Region } from '../federation/stubs';
import { accountContacts } from '../queue/annuaire-lookups';
import { FundingSimulation } from '../funding-simulation/funding-simulation.types';
import type { Desk, EssmsSituation } from '../shared/enums';
import { TrackKind } from '../shared/enums';
import { submitCandidature } from '../submission/submission.service';
import type { CandidatureRow } from './candidature.entity';
import { actionLabel } from './candidature.labels';
import { countCandidatures, eventsLoader, listCandidatures, membersLoader } from './candidature.repository';
import {
  addGrappeMembers,
  availableActionsFor,
  candidatureFunding,
  createCandidature,
  eligibilityFor,
  fireAction,
  readableCandidature,
  removeGrappeMembers,
} from './candidature.service';
import {
  AvailableAction,
  Candidature,
  CandidatureEvent,
  CandidatureFilter,
  CreateCandidatureInput,
  EligibilityReportView,
  GrappeMember,
  GrappeMemberInput,
  memberView,
} from './candidature.types';
import type { CandidatureStateEnum } from '../shared/enums';

const MAX_PAGE = 200;

/** Display names of the history's authors (annuaire `accounts/contacts`, one call per request). */
const actorNamesLoader = (ctx: SubgraphContext) =>
  loaderFor<string, { id: string; displayName: string }>(ctx, 'history:actor-names', async (ids) => {
    const contacts = (await accountContacts([...ids])) ?? {};
    return ids.map((id) => (contacts[id] ? { id, displayName: contacts[id].displayName } : null));
  });

@Resolver(() => Candidature)
export class CandidatureResolver {
  @Query(() => [Candidature], { description: 'Candidatures visibles par votre profil (les autres sont absentes, comptes compris).' })
  candidatures(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => CandidatureFilter, { nullable: true }) filter?: CandidatureFilter | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: 50 }) limit = 50,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset = 0,
  ): Promise<CandidatureRow[]> {
    return listCandidatures(ctx, filter, Math.min(Math.max(limit, 0), MAX_PAGE), Math.max(offset, 0));
  }

  @Query(() => Int, { description: 'Nombre de candidatures visibles par votre profil pour ce filtre.' })
  candidatureCount(@Ctx() ctx: SubgraphContext, @Arg('filter', () => CandidatureFilter, { nullable: true }) filter?: CandidatureFilter | null): Promise<number> {
    return countCandidatures(ctx, filter);
  }

  @Query(() => Candidature, { description: "Une candidature ; NOT_FOUND si elle n'existe pas ou n'est pas dans votre périmètre." })
  candidature(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<CandidatureRow> {
    return readableCandidature(ctx, id);
  }

  @Mutation(() => Candidature, { description: 'Crée un brouillon de candidature (porteur, pour un de ses organismes).' })
  createCandidature(@Arg('input', () => CreateCandidatureInput) input: CreateCandidatureInput, @Ctx() ctx: SubgraphContext) {
    return createCandidature(ctx, input);
  }

  @Mutation(() => Candidature, { description: 'Ajoute (ou met à jour) des ESSMS de la grappe ; le serveur déduit régions, rangs et guichet.' })
  addGrappeMembers(
    @Arg('id', () => ID) id: string,
    @Arg('members', () => [GrappeMemberInput]) members: GrappeMemberInput[],
    @Ctx() ctx: SubgraphContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ) {
    return addGrappeMembers(ctx, id, members, expectedVersion);
  }

  @Mutation(() => Candidature)
  removeGrappeMembers(
    @Arg('id', () => ID) id: string,
    @Arg('finess', () => [String]) finess: string[],
    @Ctx() ctx: SubgraphContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ) {
    return removeGrappeMembers(ctx, id, finess, expectedVersion);
  }

  @Mutation(() => Candidature, { description: 'Dépose la candidature (contrôle de la date de clôture, heure de Paris).' })
  submitCandidature(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: SubgraphContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'Une clé par dépôt (UUID) : un double clic ou une nouvelle tentative rend le même dépôt.' }) idempotencyKey?: string | null,
  ) {
    return submitCandidature(ctx, id, expectedVersion, idempotencyKey); // src/submission: window, blocking rules, pieces, PDF, outbox e-mail, idempotency
  }

  @Mutation(() => Candidature, { description: 'Action du cycle de vie permise à votre profil (voir availableActions).' })
  fireCandidatureAction(
    @Arg('id', () => ID) id: string,
    @Arg('action') action: string,
    @Ctx() ctx: SubgraphContext,
    @Arg('comment', () => String, { nullable: true }) comment?: string | null,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number | null,
  ) {
    if (action === 'submit') return submitCandidature(ctx, id, expectedVersion);
    return fireAction(ctx, id, action, comment, expectedVersion);
  }

  @FieldResolver(() => String)
  stateLabel(@Root() row: CandidatureRow): string {
    return STATE_LABELS[row.state];
  }

  @FieldResolver(() => Region, { nullable: true, description: 'ARS pivot (absente au guichet national).' })
  pivotRegion(@Root() row: CandidatureRow): Region | null {
    return row.pivotRegion ? { code: row.pivotRegion } : null;
  }

  @FieldResolver(() => Boolean)
  multiregional(@Root() row: CandidatureRow): boolean {
    return row.track === 'multiregional';
  }

  @FieldResolver(() => TrackKind)
  track(@Root() row: CandidatureRow): TrackKind {
    return row.track === 'multiregional' ? TrackKind.MULTIREGIONAL : TrackKind.REGIONAL;
  }

  @FieldResolver(() => Boolean, { description: 'Vrai quand vous consultez le dossier sans pouvoir agir dessus.' })
  readOnly(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): boolean {
    return actingRole(ctx.claims, row) === null;
  }

  @FieldResolver(() => Campaign)
  async campaign(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<Campaign> {
    const c = await campaignLoader(ctx).load(row.campaignId);
    return campaignView(c!);
  }

  @FieldResolver(() => [OrganismeGestionnaire])
  organismes(@Root() row: CandidatureRow): OrganismeGestionnaire[] {
    return row.organismes.map((finessEj) => ({ finessEj }));
  }

  @FieldResolver(() => [GrappeMember])
  async members(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<GrappeMember[]> {
    return ((await membersLoader(ctx).load(row.id)) ?? []).map(memberView);
  }

  @FieldResolver(() => [Region], { description: 'Régions des ESSMS de la grappe.' })
  async regions(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<Region[]> {
    const members = (await membersLoader(ctx).load(row.id)) ?? [];
    return [...new Set(members.map((m) => m.regionCode))].sort().map((code) => ({ code }));
  }

  @FieldResolver(() => FundingSimulation, { nullable: true, description: 'Subvention recalculée par les règles du domaine à partir de la grappe.' })
  async funding(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<FundingSimulation> {
    const result = await candidatureFunding(ctx, row);
    return { ...result, desk: result.desk as Desk, lines: result.lines.map((l) => ({ ...l, situation: l.situation as EssmsSituation })) };
  }

  @FieldResolver(() => EligibilityReportView)
  async eligibility(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<EligibilityReportView> {
    const r = await eligibilityFor(ctx, row);
    const view = (i: { code: string; severity: string; status: string; message: string; finess?: string }) => ({ ...i, finess: i.finess ?? null, candidatureId: row.id });
    return { blocking: r.blocking, items: r.items.map(view), conditions: r.conditions.map(view), warnings: r.warnings.map(view), notices: r.notices };
  }

  @FieldResolver(() => [CandidatureEvent])
  async history(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<CandidatureEvent[]> {
    const events = (await eventsLoader(ctx).load(row.id)) ?? [];
    const porteurViewer = ctx.claims.role === 'PORTEUR';
    const shown = (e: (typeof events)[number]) => (porteurViewer && e.actorRole !== 'PORTEUR' ? null : e.actorId);
    const names = await actorNamesLoader(ctx).loadMany(events.map(shown).filter((id): id is string => !!id));
    const nameOf = new Map<string, string>();
    for (const n of names) if (n && !(n instanceof Error)) nameOf.set(n.id, n.displayName);
    return events.map((e) => ({
      at: e.at,
      actor: shown(e),
      actorName: nameOf.get(shown(e) ?? '') ?? null,
      role: e.actorRole,
      action: e.action,
      actionLabel: actionLabel(e.action),
      fromState: e.fromState as CandidatureStateEnum | null,
      toState: e.toState as CandidatureStateEnum | null,
      comment: typeof e.details['comment'] === 'string' ? (e.details['comment'] as string) : null,
    }));
  }

  @FieldResolver(() => [AvailableAction])
  async availableActions(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<AvailableAction[]> {
    return (await availableActionsFor(ctx, row)) as AvailableAction[];
  }
}

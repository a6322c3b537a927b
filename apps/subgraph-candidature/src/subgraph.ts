import 'reflect-metadata';
import type { SubgraphDefinition } from '@esms/server-kit';
import { CampaignRow } from './campaigns/campaign.entity';
import { campaignReferenceResolver, CampaignResolver } from './campaigns/campaign.resolver';
import { CandidatureEventRow, CandidatureRow, DemoMarkerRow, GrappeMemberRow } from './candidatures/candidature.entity';
import { CandidatureResolver } from './candidatures/candidature.resolver';
import { candidatureReferenceResolver, regionReferenceResolver, RegionCandidaturesResolver } from './candidatures/region-candidatures.resolver';
import { DuiSolution, Establishment, OrganismeGestionnaire, Region } from './federation/stubs';
import { FundingHistoryRow } from './funding-history/funding-history.entity';
import { FundingSimulationResolver } from './funding-simulation/funding-simulation.resolver';
import { CandidatureInitial1731000000000 } from './migrations/1731000000000-candidature-initial';
import { Instruction1767600000000 } from './migrations/1767600000000-instruction';
import { QueueResolver } from './queue/queue.resolver';
import { EligibilityDecisionResolver, EligibilityItemDecisionResolver } from './queue/eligibility-decision';
import { DialogueResolver } from './dialogue/dialogue.resolver';
import { CdOpinionResolver } from './cd-opinion/cd-opinion.resolver';
import { eventsInboxRoutes } from './events-inbox/events-inbox';
import { candidaturePivotRegions } from './candidatures/pivot-regions.route';
import { exportHttpRoutes } from './exports/export.service';
import type { InternalRoute } from '@esms/server-kit';
import { DossierResolver } from './dossier/dossier.resolver';
import { PorteurJourney1767750000000 } from './migrations/1767750000000-porteur-journey';
import { piecesRoutes } from './pieces/pieces.routes';
import { GrappeMemberDetailResolver, GrappeResolver } from './grappe/grappe.resolver';
import { PiecesResolver } from './pieces/pieces.resolver';
import { SubmissionResolver } from './submission/submission.resolver';
import { NationalStats1767700000000 } from './migrations/1767700000000-national-stats';
import { NationalStatsResolver } from './national-stats/national-stats.resolver';
import { OpenDataResolver } from './open-data/open-data.resolver';
import { ConventionFieldsResolver, ConventionResolver, conventionHttpRoutes } from './convention/convention.resolver';
import { ConventionLines1768250000000 } from './migrations/1768250000000-convention-lines';
import { Convention1767800000000 } from './migrations/1767800000000-convention';
import { SyncResolver } from './sync/sync.resolver';
import { Webhooks1768100000000 } from './migrations/1768100000000-webhooks';
import { WebhookResolver } from './webhooks/webhook.resolver';
import { FollowUp1767913370000 } from './migrations/1767913370000-follow-up';
import { CandidatureFollowUpResolver, FollowUpFieldsResolver, PaymentRecordResolver } from './follow-up/follow-up.resolver';
import { followUpInternalRoutes, followUpRoutes } from './follow-up/follow-up.routes';
import { Hardening1768200000000 } from './migrations/1768200000000-hardening';
import { NationalScale1768300000000 } from './migrations/1768300000000-national-scale';
import { NationalFileGrappe1768300000001 } from './migrations/1768300000001-national-file-grappe';

export const entities = [CampaignRow, CandidatureRow, GrappeMemberRow, CandidatureEventRow, FundingHistoryRow, DemoMarkerRow];
export const migrations = [CandidatureInitial1731000000000, Instruction1767600000000, NationalStats1767700000000, PorteurJourney1767750000000, Convention1767800000000, FollowUp1767913370000, Webhooks1768100000000, Hardening1768200000000, ConventionLines1768250000000, NationalScale1768300000000, NationalFileGrappe1768300000001];

export const definition: SubgraphDefinition = {
  name: 'candidature',
  resolvers: [FundingSimulationResolver, CampaignResolver, CandidatureResolver, RegionCandidaturesResolver, DossierResolver, GrappeResolver, GrappeMemberDetailResolver, PiecesResolver, SubmissionResolver, QueueResolver, EligibilityDecisionResolver, EligibilityItemDecisionResolver, DialogueResolver, CdOpinionResolver, NationalStatsResolver, OpenDataResolver, ConventionResolver, ConventionFieldsResolver, CandidatureFollowUpResolver, FollowUpFieldsResolver, PaymentRecordResolver, SyncResolver, WebhookResolver],
  orphanedTypes: [Region, Establishment, OrganismeGestionnaire, DuiSolution],
  referenceResolvers: {
    Candidature: candidatureReferenceResolver,
    Campaign: campaignReferenceResolver,
    Region: regionReferenceResolver,
  },
};

/** /internal/<route> endpoints (SERVICE claims) for the other subgraphs (append yours). */
export const internalRoutes: Record<string, InternalRoute> = {
  ...eventsInboxRoutes,
  ...followUpInternalRoutes,
  'candidatures/pivot-regions': candidaturePivotRegions,
};

/** Plain HTTP routes beside /graphql (server-kit `httpRoutes`, reached through the gateway's /files/* proxy; append yours). */
export const httpRoutes = [...exportHttpRoutes, ...conventionHttpRoutes, ...piecesRoutes, ...followUpRoutes];

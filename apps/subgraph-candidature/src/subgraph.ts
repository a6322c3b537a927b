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
import { NationalStats1767700000000 } from './migrations/1767700000000-national-stats';
import { NationalStatsResolver } from './national-stats/national-stats.resolver';
import { OpenDataResolver } from './open-data/open-data.resolver';
import { DossierResolver } from './dossier/dossier.resolver';
import { GrappeMemberDetailResolver, GrappeResolver } from './grappe/grappe.resolver';
import { PiecesResolver } from './pieces/pieces.resolver';
import { SubmissionResolver } from './submission/submission.resolver';

export const entities = [CampaignRow, CandidatureRow, GrappeMemberRow, CandidatureEventRow, FundingHistoryRow, DemoMarkerRow];
export const migrations = [CandidatureInitial1731000000000, NationalStats1767700000000];

export const definition: SubgraphDefinition = {
  name: 'candidature',
  resolvers: [FundingSimulationResolver, CampaignResolver, CandidatureResolver, RegionCandidaturesResolver, DossierResolver, GrappeResolver, GrappeMemberDetailResolver, PiecesResolver, SubmissionResolver, NationalStatsResolver, OpenDataResolver],
  orphanedTypes: [Region, Establishment, OrganismeGestionnaire, DuiSolution],
  referenceResolvers: {
    Candidature: candidatureReferenceResolver,
    Campaign: campaignReferenceResolver,
    Region: regionReferenceResolver,
  },
};

import 'reflect-metadata';
import type { SubgraphDefinition } from '@esms/server-kit';
import { CandidatureCommitteeResolver, CommitteeResolver, committeeDecisionReference, committeeReference } from './committees/committee.resolver';
import { committeeHttpRoutes } from './committees/letter.route';
import { EvaluationEventRow, EvaluationRow } from './evaluations/evaluation.entity';
import { CandidatureGradingResolver, EvaluationResolver, candidatureReference, evaluationReference } from './evaluations/evaluation.resolver';
import { Candidature } from './evaluations/evaluation.types';
import { GridCriterionRow, GridEventRow, GridRow, PriorityRuleRow } from './grids/grid.entity';
import { GridResolver, gridReference } from './grids/grid.resolver';
import { GradingInitial1733000000000 } from './migrations/1733000000000-grading-initial';
import { Committees1735000000000 } from './migrations/1735000000000-committees';
import { OutboxEmail1736000000000 } from './migrations/1736000000000-outbox-email';

export const SUBGRAPH_NAME = 'grading-grid';

export const entities = [GridRow, GridCriterionRow, PriorityRuleRow, GridEventRow, EvaluationRow, EvaluationEventRow];

export const migrations = [GradingInitial1733000000000, Committees1735000000000, OutboxEmail1736000000000];

export const definition: SubgraphDefinition = {
  name: SUBGRAPH_NAME,
  resolvers: [GridResolver, EvaluationResolver, CandidatureGradingResolver, CommitteeResolver, CandidatureCommitteeResolver],
  orphanedTypes: [Candidature],
  referenceResolvers: {
    Candidature: candidatureReference,
    Evaluation: evaluationReference,
    Grid: gridReference,
    Committee: committeeReference,
    CommitteeDecision: committeeDecisionReference,
  },
};

/** Plain HTTP routes (decision letters), passed to startSubgraphServer beside the definition. */
export const httpRoutes = committeeHttpRoutes;

import { gql, type TypedDocumentNode } from '@apollo/client';

// Typed operations of the follow-up after selection (issue 6), shared by web-porteur and web-instructeur.
// Hand-written: keep each type equal to its selection set; entities always select their key.

export interface FollowUpRate {
  indicator: string;
  label: string;
  rate: number | null;
  target: number;
  reached: boolean;
  trend: string | null;
}
export interface FollowUpCounts {
  personsAccompanied: number;
  activeDossiers: number;
  activeDossiersWithProjetPersonnalise: number;
  activeDossiersWithAgendaEvent: number;
  mssanteMessagesSent: number;
  dmpFed: number;
  ePrescriptionsImported: number | null;
  eParcoursExchanges: number | null;
}
export interface FollowUpMeasurement {
  id: string;
  month: string;
  monthLabel: string;
  periodFrom: string;
  periodTo: string;
  periodMonths: number;
  counts: FollowUpCounts;
  rates: FollowUpRate[];
  allReached: boolean;
  version: number;
  source: string;
  recordedAt: string;
  history: { changedAt: string; changedByRole: string; source: string; before: FollowUpCounts | null; after: FollowUpCounts }[];
}
export interface FollowUpEssms {
  finess: string;
  establishment: { finess: string; name: string };
  measurements: FollowUpMeasurement[];
  targetsReached: boolean;
  missingIndicators: string[];
}
export interface FollowUpView {
  candidatureId: string;
  signedOn: string | null;
  projectStart: string | null;
  expectedEnd: string | null;
  durationMonths: number | null;
  firstMonth: string | null;
  openMonths: string[];
  milestones: { code: string; label: string; plannedOn: string | null; doneOn: string | null; status: 'DONE' | 'LATE' | 'UPCOMING'; daysLate: number }[];
  alerts: string[];
  indicators: { id: string; label: string; formula: string; target: number; mayExceed100: boolean }[];
  essms: FollowUpEssms[];
  targetsReached: boolean;
  missingTargets: { finess: string; indicator: string; label: string; rate: number | null; target: number; projectedRate: number | null; atRisk: boolean }[];
  projection: { atRisk: boolean; method: string; horizonMonth: string | null; reasons: string[] };
  expenseStatement: { id: string; fileName: string; certifiedBy: string; hardwareExpense: number | null; uploadedAt: string; downloadUrl: string } | null;
  balance: {
    missingConditions: string[];
    canRequest: boolean;
    conventionBalance: number;
    hardwareGranted: number;
    hardwareProven: number | null;
    hardwarePayable: number;
    balanceAmount: number;
  };
}
export interface FollowUpPayment {
  id: string;
  kind: 'ADVANCE' | 'BALANCE';
  amount: number;
  status: 'DUE' | 'PAID';
  dueOn: string;
  paidOn: string | null;
  reference: string | null;
}
export interface FollowUpFile {
  id: string;
  reference: string;
  title: string;
  state: string;
  stateLabel: string;
  version: number;
  pivotRegion: { code: string; name: string } | null;
  convention: { id: string; total: number; advance: number; balance: number; documentUrl: string } | null;
  payments: FollowUpPayment[];
  followUp: FollowUpView | null;
}

const COUNTS = 'personsAccompanied activeDossiers activeDossiersWithProjetPersonnalise activeDossiersWithAgendaEvent mssanteMessagesSent dmpFed ePrescriptionsImported eParcoursExchanges';

export const FOLLOW_UP_QUERY: TypedDocumentNode<{ candidature: FollowUpFile }, { id: string }> = gql`
  query FollowUp($id: ID!) {
    candidature(id: $id) {
      id reference title state stateLabel version
      pivotRegion { code name }
      convention { id total advance balance documentUrl }
      payments { id kind amount status dueOn paidOn reference }
      followUp {
        candidatureId signedOn projectStart expectedEnd durationMonths firstMonth openMonths
        milestones { code label plannedOn doneOn status daysLate }
        alerts
        indicators { id label formula target mayExceed100 }
        essms {
          finess targetsReached missingIndicators
          establishment { finess name }
          measurements {
            id month monthLabel periodFrom periodTo periodMonths allReached version source recordedAt
            counts { ${COUNTS} }
            rates { indicator label rate target reached trend }
            history { changedAt changedByRole source before { ${COUNTS} } after { ${COUNTS} } }
          }
        }
        targetsReached
        missingTargets { finess indicator label rate target projectedRate atRisk }
        projection { atRisk method horizonMonth reasons }
        expenseStatement { id fileName certifiedBy hardwareExpense uploadedAt downloadUrl }
        balance { missingConditions canRequest conventionBalance hardwareGranted hardwareProven hardwarePayable balanceAmount }
      }
    }
  }
`;

export interface PortfolioFile {
  id: string;
  reference: string;
  title: string;
  state: string;
  stateLabel: string;
  pivotRegion: { code: string; name: string } | null;
  payments: FollowUpPayment[];
  followUp: {
    candidatureId: string;
    signedOn: string | null;
    expectedEnd: string | null;
    milestones: { code: string; label: string; status: string; plannedOn: string | null }[];
    essms: { finess: string; targetsReached: boolean }[];
    targetsReached: boolean;
    projection: { atRisk: boolean };
  } | null;
}

export const FOLLOW_UP_PORTFOLIO_QUERY: TypedDocumentNode<{ followUpPortfolio: PortfolioFile[] }, { regionCode?: string | null }> = gql`
  query FollowUpPortfolio($regionCode: String) {
    followUpPortfolio(regionCode: $regionCode) {
      id reference title state stateLabel
      pivotRegion { code name }
      payments { id kind amount status dueOn paidOn reference }
      followUp {
        candidatureId signedOn expectedEnd
        milestones { code label status plannedOn }
        essms { finess targetsReached }
        targetsReached
        projection { atRisk }
      }
    }
  }
`;

export interface EssmsCountsInput extends Omit<FollowUpCounts, 'ePrescriptionsImported' | 'eParcoursExchanges'> {
  finess: string;
  ePrescriptionsImported?: number | null;
  eParcoursExchanges?: number | null;
}

export const RECORD_MEASUREMENTS_MUTATION: TypedDocumentNode<
  { recordMeasurements: { month: string; periodFrom: string; periodTo: string; periodMonths: number; created: number; corrected: number; unchanged: number } },
  { candidatureId: string; month: string; items: EssmsCountsInput[] }
> = gql`
  mutation RecordMeasurements($candidatureId: ID!, $month: String!, $items: [EssmsUsageCountsInput!]!) {
    recordMeasurements(candidatureId: $candidatureId, month: $month, items: $items) { month periodFrom periodTo periodMonths created corrected unchanged }
  }
`;

type StateResult = { id: string; state: string; stateLabel: string; version: number };

export const START_DEPLOYMENT_MUTATION: TypedDocumentNode<{ startDeployment: StateResult }, { candidatureId: string; expectedVersion: number }> = gql`
  mutation StartDeployment($candidatureId: ID!, $expectedVersion: Int!) { startDeployment(candidatureId: $candidatureId, expectedVersion: $expectedVersion) { id state stateLabel version } }
`;
export const REQUEST_BALANCE_MUTATION: TypedDocumentNode<{ requestBalance: StateResult }, { candidatureId: string; expectedVersion: number }> = gql`
  mutation RequestBalance($candidatureId: ID!, $expectedVersion: Int!) { requestBalance(candidatureId: $candidatureId, expectedVersion: $expectedVersion) { id state stateLabel version } }
`;
export const VALIDATE_BALANCE_MUTATION: TypedDocumentNode<{ validateBalance: StateResult }, { candidatureId: string }> = gql`
  mutation ValidateBalance($candidatureId: ID!) { validateBalance(candidatureId: $candidatureId) { id state stateLabel version } }
`;
export const RECORD_PAYMENT_MUTATION: TypedDocumentNode<{ recordPayment: StateResult }, { paymentId: string; paidOn: string; reference: string }> = gql`
  mutation RecordPayment($paymentId: ID!, $paidOn: String!, $reference: String!) { recordPayment(paymentId: $paymentId, paidOn: $paidOn, reference: $reference) { id state stateLabel version } }
`;

export interface EditorToken {
  id: string;
  label: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}
const TOKEN = 'id label prefix scopes createdAt expiresAt revokedAt lastUsedAt';
export const EDITOR_TOKENS_QUERY: TypedDocumentNode<{ editorApiTokens: EditorToken[] }, { candidatureId: string }> = gql`
  query EditorApiTokens($candidatureId: ID!) { editorApiTokens(candidatureId: $candidatureId) { ${TOKEN} } }
`;
export const CREATE_EDITOR_TOKEN_MUTATION: TypedDocumentNode<
  { createEditorApiToken: { token: string; apiToken: EditorToken } },
  { candidatureId: string; label: string; expiresInDays: number }
> = gql`
  mutation CreateEditorApiToken($candidatureId: ID!, $label: String!, $expiresInDays: Int!) {
    createEditorApiToken(candidatureId: $candidatureId, label: $label, expiresInDays: $expiresInDays) { token apiToken { ${TOKEN} } }
  }
`;
export const REVOKE_EDITOR_TOKEN_MUTATION: TypedDocumentNode<{ revokeEditorApiToken: EditorToken }, { id: string }> = gql`
  mutation RevokeEditorApiToken($id: ID!) { revokeEditorApiToken(id: $id) { ${TOKEN} } }
`;

import { gql, type TypedDocumentNode } from '@apollo/client';
import type { CandidatureState } from '@esms/domain';

// Typed operations of the instruction journey (web-instructeur). Hand-written like operations.ts:
// keep each type equal to its selection set.


export interface InstructionCandidatureFilter {
  campaignId?: string | null;
  states?: CandidatureState[] | null;
  pivotRegion?: string | null;
  search?: string | null;
  organismeFinessEj?: string | null;
}

export interface InstructionEligibilityItem {
  __typename?: 'EligibilityItemView';
  code: string;
  severity: string;
  status: string;
  message: string;
  finess: string | null;
}

export interface QueueItem {
  __typename?: 'QueueItem';
  id: string;
  reference: string;
  title: string;
  state: CandidatureState;
  stateLabel: string;
  desk: 'REGIONAL' | 'NATIONAL';
  windowCode: string | null;
  submittedAt: string | null;
  readOnly: boolean;
  campaign: { __typename?: 'Campaign'; id: string; label: string };
  pivotRegion: { __typename?: 'Region'; code: string } | null;
  essmsCount: number;
  fundingTotal: number;
  advanceAmount: number;
  eligibilityFlags: { blocking: boolean; condition: boolean; warning: boolean };
  fields: string[];
  projectTypes: ('ACQUISITION' | 'UPGRADE')[];
  assignedInstructeur: { accountId: string; displayName: string; email: string } | null;
}

export interface QueueQueryData {
  instructionQueue: { total: number; limit: number; offset: number; items: QueueItem[] };
}

/** QueueFilter / QueueSort of subgraph-candidature (queue/API.md); the app builds them from the URL. */
export interface QueueQueryVariables {
  filter?: object | null;
  sort?: { field: 'SUBMITTED_AT' | 'AMOUNT' | 'ESSMS_COUNT' | 'REFERENCE'; direction: 'ASC' | 'DESC' } | null;
  offset?: number;
  limit?: number;
}

export const QUEUE_QUERY: TypedDocumentNode<QueueQueryData, QueueQueryVariables> = gql`
  query InstructionQueue($filter: QueueFilter, $sort: QueueSort, $offset: Int, $limit: Int) {
    instructionQueue(filter: $filter, sort: $sort, offset: $offset, limit: $limit) {
      total
      limit
      offset
      items {
        id
        reference
        title
        state
        stateLabel
        desk
        windowCode
        submittedAt
        readOnly
        campaign {
          id
          label
        }
        pivotRegion {
          code
        }
        essmsCount
        fundingTotal
        advanceAmount
        eligibilityFlags {
          blocking
          condition
          warning
        }
        fields
        projectTypes
        assignedInstructeur {
          accountId
          displayName
          email
        }
      }
    }
  }
`;

export interface InstructionCampaignWindow {
  code: string;
  opensOn: string;
  closesOn: string;
  status: 'UPCOMING' | 'OPEN' | 'CLOSED';
}

export interface InstructionCampaign {
  __typename?: 'Campaign';
  id: string;
  label: string;
  year: number;
  regionCode: string;
  tracks: { kind: 'REGIONAL' | 'MULTIREGIONAL'; label: string; windows: InstructionCampaignWindow[] }[];
}

export const INSTRUCTION_CAMPAIGNS_QUERY: TypedDocumentNode<{ campaigns: InstructionCampaign[] }, { regionCode?: string | null }> = gql`
  query InstructionCampaigns($regionCode: String) {
    campaigns(regionCode: $regionCode) {
      id
      label
      year
      regionCode
      tracks {
        kind
        label
        windows {
          code
          opensOn
          closesOn
          status
        }
      }
    }
  }
`;

export interface InstructionAvailableAction {
  action: string;
  label: string;
  to: CandidatureState;
  toLabel: string;
  refusal: string | null;
  needsComment: boolean;
}

export interface InstructionEvent {
  at: string;
  actor: string | null;
  /** The author's name from the annuaire (null when it cannot answer). */
  actorName: string | null;
  role: string;
  action: string;
  actionLabel: string;
  fromState: CandidatureState | null;
  toState: CandidatureState | null;
  comment: string | null;
}

export interface InstructionGrappeMember {
  finess: string;
  rank: number | null;
  situation: 'ACQUISITION' | 'UPGRADE';
  currentDui: string | null;
  chosenSolution: { __typename?: 'DuiSolution'; id: string; editor: string; product: string; version: string } | null;
  saadTotalHours: number | null;
  saadMedicoSocialHours: number | null;
  hardwareQuote: number | null;
  nationalEntity: string | null;
  regionCode: string;
  finessEj: string | null;
  establishment: {
    __typename?: 'Establishment';
    finess: string;
    name: string;
    category: string;
    categoryLabel: string | null;
    departement: string | null;
  };
}

export interface InstructionFundingLine {
  finess: string;
  rank: number;
  situation: 'ACQUISITION' | 'UPGRADE';
  usages: number;
  software: number;
  hardware: number;
  prorata: number;
}

export interface GradingSummaryView {
  count: number;
  signedCount: number;
  consensus: number | null;
  mature: boolean | null;
  threshold: number | null;
}

export interface EvaluationView {
  __typename?: 'Evaluation';
  id: string;
  gridId: string;
  gridVersion: number;
  evaluatorId: string;
  comment: string | null;
  total: number;
  status: 'DRAFT' | 'SIGNED';
  signedAt: string | null;
  version: number;
  updatedAt: string;
  scores: { criterionCode: string; points: number }[];
}

export interface InstructionCandidature {
  __typename?: 'Candidature';
  id: string;
  reference: string;
  title: string;
  state: CandidatureState;
  stateLabel: string;
  desk: 'REGIONAL' | 'NATIONAL';
  track: 'REGIONAL' | 'MULTIREGIONAL';
  multiregional: boolean;
  readOnly: boolean;
  windowCode: string | null;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  amoaRequested: boolean;
  pivotRegion: { __typename?: 'Region'; code: string; name: string } | null;
  regions: { __typename?: 'Region'; code: string; name: string }[];
  campaign: { __typename?: 'Campaign'; id: string; label: string };
  organismes: {
    __typename?: 'OrganismeGestionnaire';
    finessEj: string;
    name: string;
    legalStatus: string | null;
    departement: string | null;
    essmsCount: number;
    isSmall: boolean;
  }[];
  members: InstructionGrappeMember[];
  funding: {
    __typename?: 'FundingSimulation';
    essmsCount: number;
    usages: number;
    software: number;
    hardware: number;
    amoa: number;
    total: number;
    advance: number;
    balance: number;
    lines: InstructionFundingLine[];
    notices: string[];
  } | null;
  eligibility: {
    __typename?: 'EligibilityReportView';
    blocking: boolean;
    items: InstructionEligibilityItem[];
    notices: string[];
  };
  history: InstructionEvent[];
  availableActions: InstructionAvailableAction[];
}

export const CANDIDATURE_DETAIL_QUERY: TypedDocumentNode<{ candidature: InstructionCandidature }, { id: string }> = gql`
  query InstructionCandidature($id: ID!) {
    candidature(id: $id) {
      id
      reference
      title
      state
      stateLabel
      desk
      track
      multiregional
      readOnly
      windowCode
      submittedAt
      createdAt
      updatedAt
      version
      amoaRequested
      pivotRegion {
        code
        name
      }
      regions {
        code
        name
      }
      campaign {
        id
        label
      }
      organismes {
        finessEj
        name
        legalStatus
        departement
        essmsCount
        isSmall
      }
      members {
        finess
        rank
        situation
        currentDui
        chosenSolution {
          id
          editor
          product
          version
        }
        saadTotalHours
        saadMedicoSocialHours
        hardwareQuote
        nationalEntity
        regionCode
        finessEj
        establishment {
          finess
          name
          category
          categoryLabel
          departement
        }
      }
      funding {
        essmsCount
        usages
        software
        hardware
        amoa
        total
        advance
        balance
        lines {
          finess
          rank
          situation
          usages
          software
          hardware
          prorata
        }
        notices
      }
      eligibility {
        blocking
        items {
          code
          severity
          status
          message
          finess
        }
        notices
      }
      history {
        at
        actor
        actorName
        role
        action
        actionLabel
        fromState
        toState
        comment
      }
      availableActions {
        action
        label
        to
        toLabel
        refusal
        needsComment
      }
    }
  }
`;

export interface FireCandidatureActionVariables {
  id: string;
  action: string;
  comment?: string | null;
  expectedVersion?: number | null;
}

export const FIRE_CANDIDATURE_ACTION_MUTATION: TypedDocumentNode<
  { fireCandidatureAction: { __typename?: 'Candidature'; id: string; state: CandidatureState; stateLabel: string; version: number } },
  FireCandidatureActionVariables
> = gql`
  mutation FireCandidatureAction($id: ID!, $action: String!, $comment: String, $expectedVersion: Int) {
    fireCandidatureAction(id: $id, action: $action, comment: $comment, expectedVersion: $expectedVersion) {
      id
      state
      stateLabel
      version
    }
  }
`;

// ---------------------------------------------------------------- grading (subgraph-grading-grid)

export interface GridCriterionView {
  code: string;
  label: string;
  guidance: string;
  maxPoints: number;
  position: number;
}

export interface GridView {
  __typename?: 'Grid';
  id: string;
  regionCode: string;
  campaignId: string;
  version: number;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  label: string;
  source: string;
  maturityThreshold: number | null;
  createdBy: string;
  createdAt: string;
  publishedAt: string | null;
  maxTotal: number;
  criteria: GridCriterionView[];
  priorityRules: { code: string; label: string; description: string; position: number }[];
}

const GRID_FIELDS = `
  id
  regionCode
  campaignId
  version
  status
  label
  source
  maturityThreshold
  createdBy
  createdAt
  publishedAt
  maxTotal
  criteria {
    code
    label
    guidance
    maxPoints
    position
  }
  priorityRules {
    code
    label
    description
    position
  }
`;

export const GRIDS_QUERY: TypedDocumentNode<{ grids: GridView[] }, { regionCode: string; campaignId?: string | null }> = gql`
  query InstructionGrids($regionCode: String!, $campaignId: String) {
    grids(regionCode: $regionCode, campaignId: $campaignId) {
      ${GRID_FIELDS}
    }
  }
`;

export const CREATE_GRID_VERSION_MUTATION: TypedDocumentNode<{ createGridVersion: GridView }, { gridId: string }> = gql`
  mutation CreateGridVersion($gridId: ID!) {
    createGridVersion(gridId: $gridId) {
      ${GRID_FIELDS}
    }
  }
`;

export interface UpdateGridCriterionInput {
  gridId: string;
  code: string;
  label?: string | null;
  guidance?: string | null;
  maxPoints?: number | null;
}

export const UPDATE_GRID_CRITERION_MUTATION: TypedDocumentNode<{ updateGridCriterion: GridView }, { input: UpdateGridCriterionInput }> = gql`
  mutation UpdateGridCriterion($input: UpdateGridCriterionInput!) {
    updateGridCriterion(input: $input) {
      ${GRID_FIELDS}
    }
  }
`;

export const PUBLISH_GRID_MUTATION: TypedDocumentNode<{ publishGrid: GridView }, { gridId: string }> = gql`
  mutation PublishGrid($gridId: ID!) {
    publishGrid(gridId: $gridId) {
      ${GRID_FIELDS}
    }
  }
`;

export interface CandidatureGrading {
  __typename?: 'Candidature';
  id: string;
  state: CandidatureState;
  readOnly: boolean;
  campaign: { __typename?: 'Campaign'; id: string };
  evaluations: EvaluationView[];
  gradingSummary: GradingSummaryView;
}

const EVALUATION_FIELDS = `
  id
  gridId
  gridVersion
  evaluatorId
  comment
  total
  status
  signedAt
  version
  updatedAt
  scores {
    criterionCode
    points
  }
`;

export const CANDIDATURE_GRADING_QUERY: TypedDocumentNode<
  { candidature: CandidatureGrading; grids: GridView[] },
  { id: string; regionCode: string }
> = gql`
  query InstructionGrading($id: ID!, $regionCode: String!) {
    candidature(id: $id) {
      id
      state
      readOnly
      campaign {
        id
      }
      evaluations {
        ${EVALUATION_FIELDS}
      }
      gradingSummary {
        count
        signedCount
        consensus
        mature
        threshold
      }
    }
    grids(regionCode: $regionCode) {
      ${GRID_FIELDS}
    }
  }
`;

export interface GradeCandidatureInput {
  candidatureId: string;
  gridId: string;
  scores: { criterionCode: string; points: number }[];
  comment?: string | null;
  expectedVersion?: number | null;
}

export const GRADE_CANDIDATURE_MUTATION: TypedDocumentNode<{ gradeCandidature: EvaluationView }, { input: GradeCandidatureInput }> = gql`
  mutation GradeCandidature($input: GradeCandidatureInput!) {
    gradeCandidature(input: $input) {
      ${EVALUATION_FIELDS}
    }
  }
`;

export const SIGN_EVALUATION_MUTATION: TypedDocumentNode<{ signEvaluation: EvaluationView }, { id: string; expectedVersion?: number | null }> = gql`
  mutation SignEvaluation($id: ID!, $expectedVersion: Int) {
    signEvaluation(id: $id, expectedVersion: $expectedVersion) {
      ${EVALUATION_FIELDS}
    }
  }
`;

// ---------------------------------------------------------------- the file's answers and pieces (porteur journey API)

export interface InstructionDossier {
  __typename?: 'Candidature';
  id: string;
  recapitulatifPath: string | null;
  dossier: {
    projectType: string | null;
    projectTypeLabel: string | null;
    fields: string[];
    governance: string | null;
    projectPlan: { monthOffset: number; durationMonths: number; label: string }[];
    selfDiagnostics: { finess: string; anapMaturitySecurity: boolean; siManagementLevel: boolean; cyberMeasures: boolean }[];
    vatRegime: string | null;
    porteurIsGht: boolean;
    ght: { publicProcurementContract: boolean; dpiCoverageStudy: boolean; noEuOrHopenFunding: boolean } | null;
    otherEuFunds: string[] | null;
    porteurNationalEntity: string | null;
    ogDuiReusedForPdePds: boolean;
  } | null;
  pieces: {
    code: string;
    label: string;
    requirement: 'REQUIRED' | 'RECOMMENDED' | 'OPTIONAL';
    reason: string;
    replacedCount: number;
    files: { id: string; fileName: string; size: number; mediaType: string; uploadedAt: string; downloadPath: string }[];
  }[];
}

export const INSTRUCTION_DOSSIER_QUERY: TypedDocumentNode<{ candidature: InstructionDossier }, { id: string }> = gql`
  query InstructionDossier($id: ID!) {
    candidature(id: $id) {
      id
      recapitulatifPath
      dossier {
        projectType
        projectTypeLabel
        fields
        governance
        projectPlan {
          monthOffset
          durationMonths
          label
        }
        selfDiagnostics {
          finess
          anapMaturitySecurity
          siManagementLevel
          cyberMeasures
        }
        vatRegime
        porteurIsGht
        ght {
          publicProcurementContract
          dpiCoverageStudy
          noEuOrHopenFunding
        }
        otherEuFunds
        porteurNationalEntity
        ogDuiReusedForPdePds
      }
      pieces {
        code
        label
        requirement
        reason
        replacedCount
        files {
          id
          fileName
          size
          mediaType
          uploadedAt
          downloadPath
        }
      }
    }
  }
`;

// ---------------------------------------------------------------- instruction (subgraph-candidature queue/API.md)

export interface WarningDecisionView {
  decision: 'ACCEPTED' | 'REFUSED';
  justification: string;
  decidedBy: string | null;
  decidedAt: string;
}

export interface EligibilityWarningView {
  code: string;
  finess: string | null;
  message: string;
  status: string;
  decision: WarningDecisionView | null;
}

export interface InstructionFollowUp {
  __typename?: 'Candidature';
  id: string;
  assignedInstructeur: { accountId: string; displayName: string; email: string } | null;
  eligibility: { warnings: EligibilityWarningView[] };
}

export const INSTRUCTION_FOLLOW_UP_QUERY: TypedDocumentNode<{ candidature: InstructionFollowUp }, { id: string }> = gql`
  query InstructionFollowUp($id: ID!) {
    candidature(id: $id) {
      id
      assignedInstructeur {
        accountId
        displayName
        email
      }
      eligibility {
        warnings {
          code
          finess
          message
          status
          decision {
            decision
            justification
            decidedBy
            decidedAt
          }
        }
      }
    }
  }
`;

export const RECORD_ELIGIBILITY_DECISION_MUTATION: TypedDocumentNode<
  { recordEligibilityDecision: { __typename?: 'Candidature'; id: string } },
  { id: string; code: string; finess: string | null; decision: 'ACCEPTED' | 'REFUSED'; justification: string }
> = gql`
  mutation RecordEligibilityDecision($id: ID!, $code: String!, $finess: String, $decision: WarningDecision!, $justification: String!) {
    recordEligibilityDecision(id: $id, code: $code, finess: $finess, decision: $decision, justification: $justification) {
      id
    }
  }
`;

export const ASSIGN_INSTRUCTEUR_MUTATION: TypedDocumentNode<
  { assignInstructeur: { __typename?: 'Candidature'; id: string; assignedInstructeur: { accountId: string; displayName: string } | null } },
  { id: string; accountId: string | null }
> = gql`
  mutation AssignInstructeur($id: ID!, $accountId: ID) {
    assignInstructeur(id: $id, accountId: $accountId) {
      id
      assignedInstructeur {
        accountId
        displayName
      }
    }
  }
`;

export interface RegionInstructeurView {
  __typename?: 'RegionInstructeur';
  id: string;
  displayName: string;
  email: string;
}

/** The active instructeurs of the caller's ARS (annuaire): the assignment control, the graders' names, the queue filter. */
export const REGION_INSTRUCTEURS_QUERY: TypedDocumentNode<{ regionInstructeurs: RegionInstructeurView[] }, Record<string, never>> = gql`
  query RegionInstructeurs {
    regionInstructeurs {
      id
      displayName
      email
    }
  }
`;

export type FilePart = 'identity' | 'grappe' | 'solution' | 'funding' | 'pieces' | 'saad';

export interface CandidatureMessageView {
  id: string;
  kind: 'MESSAGE' | 'COMPLEMENT_REQUEST' | 'COMPLEMENT_ANSWER' | 'REOPEN';
  body: string;
  at: string;
  authorRole: string;
  authorName: string | null;
  mine: boolean;
}

export interface InstructionDialogue {
  __typename?: 'Candidature';
  id: string;
  messages: CandidatureMessageView[];
  complementRequest: { id: string; parts: FilePart[]; message: string; requestedAt: string; answeredAt: string | null } | null;
}

export const INSTRUCTION_DIALOGUE_QUERY: TypedDocumentNode<{ candidature: InstructionDialogue }, { id: string }> = gql`
  query InstructionDialogue($id: ID!) {
    candidature(id: $id) {
      id
      messages {
        id
        kind
        body
        at
        authorRole
        authorName
        mine
      }
      complementRequest {
        id
        parts
        message
        requestedAt
        answeredAt
      }
    }
  }
`;

export const SEND_MESSAGE_MUTATION: TypedDocumentNode<{ sendMessage: { id: string; at: string } }, { id: string; body: string }> = gql`
  mutation SendMessage($id: ID!, $body: String!) {
    sendMessage(id: $id, body: $body) {
      id
      at
    }
  }
`;

export const REQUEST_COMPLEMENT_MUTATION: TypedDocumentNode<
  { requestComplement: { __typename?: 'Candidature'; id: string; state: CandidatureState } },
  { id: string; parts: FilePart[]; message: string }
> = gql`
  mutation RequestComplement($id: ID!, $parts: [FilePart!]!, $message: String!) {
    requestComplement(id: $id, parts: $parts, message: $message) {
      id
      state
    }
  }
`;

export const REOPEN_LATE_FILE_MUTATION: TypedDocumentNode<
  { reopenLateFile: { __typename?: 'Candidature'; id: string; state: CandidatureState } },
  { id: string; reason: string }
> = gql`
  mutation ReopenLateFile($id: ID!, $reason: String!) {
    reopenLateFile(id: $id, reason: $reason) {
      id
      state
    }
  }
`;

export type CdOpinionValue = 'FAVORABLE' | 'RESERVED' | 'UNFAVORABLE';

export interface CdOpinionView {
  id: string;
  departement: string;
  question: string;
  requestedAt: string;
  opinion: CdOpinionValue | null;
  comment: string | null;
  givenAt: string | null;
}

export const CD_OPINIONS_QUERY: TypedDocumentNode<{ candidature: { __typename?: 'Candidature'; id: string; cdOpinions: CdOpinionView[] } }, { id: string }> = gql`
  query CdOpinions($id: ID!) {
    candidature(id: $id) {
      id
      cdOpinions {
        id
        departement
        question
        requestedAt
        opinion
        comment
        givenAt
      }
    }
  }
`;

export const REQUEST_CD_OPINION_MUTATION: TypedDocumentNode<{ requestCdOpinion: { id: string } }, { id: string; departement: string; question: string }> = gql`
  mutation RequestCdOpinion($id: ID!, $departement: String!, $question: String!) {
    requestCdOpinion(id: $id, departement: $departement, question: $question) {
      id
    }
  }
`;

export const GIVE_CD_OPINION_MUTATION: TypedDocumentNode<
  { giveCdOpinion: { id: string; opinion: CdOpinionValue; givenAt: string } },
  { requestId: string; opinion: CdOpinionValue; comment?: string | null }
> = gql`
  mutation GiveCdOpinion($requestId: ID!, $opinion: CdOpinionValue!, $comment: String) {
    giveCdOpinion(requestId: $requestId, opinion: $opinion, comment: $comment) {
      id
      opinion
      givenAt
    }
  }
`;

// ---------------------------------------------------------------- selection committees (grading-grid committees/API.md)

export type CommitteeStatus = 'PLANNED' | 'IN_SESSION' | 'CLOSED';
export type CommitteeDecisionKind = 'RETAINED' | 'NOT_RETAINED' | 'POSTPONED';

export interface CommitteeSummary {
  __typename?: 'Committee';
  id: string;
  regionCode: string;
  campaignId: string;
  windowCode: string;
  label: string;
  sessionDate: string;
  status: CommitteeStatus;
  closedAt: string | null;
  envelope: { amount: number } | null;
}

export const COMMITTEES_QUERY: TypedDocumentNode<{ committees: CommitteeSummary[] }, { campaignId?: string | null }> = gql`
  query Committees($campaignId: ID) {
    committees(campaignId: $campaignId) {
      id
      regionCode
      campaignId
      windowCode
      label
      sessionDate
      status
      closedAt
      envelope {
        amount
      }
    }
  }
`;

export interface CommitteeDecisionView {
  __typename?: 'CommitteeDecision';
  id: string;
  decision: CommitteeDecisionKind;
  motive: string;
  amountGranted: number | null;
  applied: boolean;
  letterUrl: string;
  letterEmailedAt: string | null;
}

export interface AgendaItemView {
  rank: number;
  candidatureId: string;
  reference: string;
  title: string;
  state: string;
  fundingTotal: number;
  consensus: number | null;
  mature: boolean | null;
  signedEvaluations: number;
  matchedPriorityCount: number;
  priorities: { code: string; label: string; status: 'MATCHED' | 'NOT_MATCHED' | 'TO_ASSESS'; explanation: string }[];
  counted: boolean;
  runningTotal: number;
  withinEnvelope: boolean | null;
  overshoot: number;
  decision: CommitteeDecisionView | null;
}

export interface CommitteeAgendaView {
  envelope: number | null;
  alreadyCommitted: number;
  total: number;
  overEnvelope: boolean;
  overshoot: number;
  notices: string[];
  committee: { __typename?: 'Committee'; id: string; label: string; status: CommitteeStatus; sessionDate: string; windowCode: string; campaignId: string; version: number };
  items: AgendaItemView[];
}

export const COMMITTEE_AGENDA_QUERY: TypedDocumentNode<{ committeeAgenda: CommitteeAgendaView }, { id: string }> = gql`
  query CommitteeAgenda($id: ID!) {
    committeeAgenda(committeeId: $id) {
      envelope
      alreadyCommitted
      total
      overEnvelope
      overshoot
      notices
      committee {
        id
        label
        status
        sessionDate
        windowCode
        campaignId
        version
      }
      items {
        rank
        candidatureId
        reference
        title
        state
        fundingTotal
        consensus
        mature
        signedEvaluations
        matchedPriorityCount
        priorities {
          code
          label
          status
          explanation
        }
        counted
        runningTotal
        withinEnvelope
        overshoot
        decision {
          id
          decision
          motive
          amountGranted
          applied
          letterUrl
          letterEmailedAt
        }
      }
    }
  }
`;

export const CREATE_COMMITTEE_MUTATION: TypedDocumentNode<
  { createCommittee: { __typename?: 'Committee'; id: string; status: CommitteeStatus } },
  { input: { campaignId: string; windowCode: string; sessionDate: string; label?: string | null } }
> = gql`
  mutation CreateCommittee($input: CreateCommitteeInput!) {
    createCommittee(input: $input) {
      id
      status
    }
  }
`;

export const SET_REGION_ENVELOPE_MUTATION: TypedDocumentNode<{ setRegionEnvelope: { amount: number } }, { campaignId: string; amount: number }> = gql`
  mutation SetRegionEnvelope($campaignId: ID!, $amount: Int!) {
    setRegionEnvelope(campaignId: $campaignId, amount: $amount) {
      amount
    }
  }
`;

export const RECORD_COMMITTEE_DECISION_MUTATION: TypedDocumentNode<
  { recordCommitteeDecision: CommitteeDecisionView },
  { committeeId: string; candidatureId: string; decision: CommitteeDecisionKind; motive: string }
> = gql`
  mutation RecordCommitteeDecision($committeeId: ID!, $candidatureId: ID!, $decision: CommitteeDecisionKind!, $motive: String!) {
    recordCommitteeDecision(committeeId: $committeeId, candidatureId: $candidatureId, decision: $decision, motive: $motive) {
      id
      decision
      motive
      amountGranted
      applied
      letterUrl
      letterEmailedAt
    }
  }
`;

export const CLOSE_COMMITTEE_MUTATION: TypedDocumentNode<{ closeCommittee: { __typename?: 'Committee'; id: string; status: CommitteeStatus; closedAt: string | null } }, { id: string }> = gql`
  mutation CloseCommittee($id: ID!) {
    closeCommittee(id: $id) {
      id
      status
      closedAt
    }
  }
`;

export const CANDIDATURE_DECISIONS_QUERY: TypedDocumentNode<
  { candidature: { __typename?: 'Candidature'; id: string; committeeDecisions: (CommitteeDecisionView & { decidedAt: string })[] } },
  { id: string }
> = gql`
  query CandidatureDecisions($id: ID!) {
    candidature(id: $id) {
      id
      committeeDecisions {
        id
        decision
        motive
        amountGranted
        applied
        letterUrl
        letterEmailedAt
        decidedAt
      }
    }
  }
`;

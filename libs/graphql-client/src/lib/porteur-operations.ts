import { gql, type TypedDocumentNode } from '@apollo/client';
import type { CandidatureState } from '@esms/domain';
import type { Desk, EssmsSituation, FundingSimulation, Me } from './operations';

// Typed operations of the porteur journey (web-porteur). Hand-written: keep each type equal to its
// selection set, and always select the key of each entity (id, finess, finessEj, code).

export type PeriodStatus = 'UPCOMING' | 'OPEN' | 'CLOSED';
export type TrackKind = 'REGIONAL' | 'MULTIREGIONAL';
export type { CandidatureState } from '@esms/domain';
export type DuiReferencingStatus = 'REFERENCED' | 'IN_PROGRESS' | 'WITHDRAWN';
export type DuiProfile = 'PA' | 'PH' | 'DOMICILE' | 'AHI' | 'PJM' | 'PE' | 'DPI';
export type DuiCouloir = 'MEDICO_SOCIAL' | 'HOSPITALIER';

// ---------- Account ----------

export const REQUEST_PASSWORD_RESET_MUTATION: TypedDocumentNode<{ requestPasswordReset: boolean }, { email: string }> = gql`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`;

export const RESET_PASSWORD_MUTATION: TypedDocumentNode<{ resetPassword: boolean }, { token: string; password: string }> = gql`
  mutation ResetPassword($token: String!, $password: String!) {
    resetPassword(token: $token, password: $password)
  }
`;

export interface MyOrganisme {
  __typename?: 'AccountOrganisme';
  finessEj: string;
  name: string;
  confirmed: boolean;
}

export interface MyOrganismesQueryData {
  me: (Pick<Me, 'id' | 'email' | 'displayName' | 'role'> & { organismes: MyOrganisme[] }) | null;
}

export const MY_ORGANISMES_QUERY: TypedDocumentNode<MyOrganismesQueryData, Record<string, never>> = gql`
  query MyOrganismes {
    me {
      id
      email
      displayName
      role
      organismes {
        finessEj
        name
        confirmed
      }
    }
  }
`;

export interface AttachOrganismeVariables {
  finessEj: string;
  declaredName?: string | null;
  declaredAddress?: string | null;
}

export const ATTACH_ORGANISME_MUTATION: TypedDocumentNode<MyOrganismesQueryData & { attachOrganisme: MyOrganismesQueryData['me'] }, AttachOrganismeVariables> = gql`
  mutation AttachOrganisme($finessEj: String!, $declaredName: String, $declaredAddress: String) {
    attachOrganisme(finessEj: $finessEj, declaredName: $declaredName, declaredAddress: $declaredAddress) {
      id
      email
      displayName
      role
      organismes {
        finessEj
        name
        confirmed
      }
    }
  }
`;

export interface Address {
  __typename?: 'Address';
  line: string;
  postalCode: string;
  city: string;
}

export interface OrganismeSummary {
  __typename?: 'OrganismeGestionnaire';
  finessEj: string;
  name: string;
  address: Address | null;
  departement: string | null;
  regionCode: string | null;
  closed: boolean;
  essmsCount: number;
  isSmall: boolean;
}

export const ORGANISME_LOOKUP_QUERY: TypedDocumentNode<{ organisme: OrganismeSummary | null }, { finessEj: string }> = gql`
  query OrganismeLookup($finessEj: String!) {
    organisme(finessEj: $finessEj) {
      finessEj
      name
      address {
        line
        postalCode
        city
      }
      departement
      regionCode
      closed
      essmsCount
      isSmall
    }
  }
`;

// ---------- Campaigns ----------

export interface SelectionWindow {
  __typename?: 'SelectionWindow';
  code: string;
  opensOn: string;
  closesOn: string;
  status: PeriodStatus;
}

export interface CampaignTrack {
  __typename?: 'CampaignTrack';
  kind: TrackKind;
  label: string;
  opensOn: string;
  closesOn: string;
  status: PeriodStatus;
  windows: SelectionWindow[];
}

export interface RegionContacts {
  __typename?: 'Region';
  code: string;
  name: string;
  ars: {
    __typename?: 'ArsContacts';
    genericEmails: string[];
    referents: { __typename?: 'ArsReferent'; name: string; email: string }[];
    absentFromAnnex: boolean;
  };
  grades: {
    __typename?: 'Grades';
    name: string;
    website: string | null;
    note: string | null;
    contacts: { __typename?: 'GradesContact'; name: string; role: string | null; email: string | null }[];
  } | null;
}

export interface Campaign {
  __typename?: 'Campaign';
  id: string;
  label: string;
  year: number;
  regionCode: string;
  status: PeriodStatus;
  source: string;
  tracks: CampaignTrack[];
  region: RegionContacts;
}

export const CAMPAIGNS_QUERY: TypedDocumentNode<{ campaigns: Campaign[] }, { regionCode?: string | null; year?: number | null }> = gql`
  query Campaigns($regionCode: String, $year: Int) {
    campaigns(regionCode: $regionCode, year: $year) {
      id
      label
      year
      regionCode
      status
      source
      tracks {
        kind
        label
        opensOn
        closesOn
        status
        windows {
          code
          opensOn
          closesOn
          status
        }
      }
      region {
        code
        name
        ars {
          genericEmails
          referents {
            name
            email
          }
          absentFromAnnex
        }
        grades {
          name
          website
          note
          contacts {
            name
            role
            email
          }
        }
      }
    }
  }
`;

// ---------- Annuaire ----------

export interface EstablishmentSummary {
  __typename?: 'Establishment';
  finess: string;
  finessEj: string;
  name: string;
  category: string;
  categoryLabel: string | null;
  address: Address;
  departement: string | null;
  regionCode: string | null;
  closed: boolean;
  organisme: { __typename?: 'OrganismeGestionnaire'; finessEj: string; name: string; isSmall: boolean } | null;
}

const ESTABLISHMENT_FIELDS = `
  finess
  finessEj
  name
  category
  categoryLabel
  address {
    line
    postalCode
    city
  }
  departement
  regionCode
  closed
  organisme {
    finessEj
    name
    isSmall
  }
`;

export const ESTABLISHMENT_LOOKUP_QUERY: TypedDocumentNode<{ establishment: EstablishmentSummary | null }, { finess: string }> = gql`
  query EstablishmentLookup($finess: String!) {
    establishment(finess: $finess) {
      ${ESTABLISHMENT_FIELDS}
    }
  }
`;

export const ESTABLISHMENTS_LOOKUP_QUERY: TypedDocumentNode<{ establishments: (EstablishmentSummary | null)[] }, { finess: string[] }> = gql`
  query EstablishmentsLookup($finess: [String!]!) {
    establishments(finess: $finess) {
      ${ESTABLISHMENT_FIELDS}
    }
  }
`;

export interface DuiSolution {
  __typename?: 'DuiSolution';
  id: string;
  editor: string;
  product: string;
  version: string;
  couloir: DuiCouloir;
  vague: number;
  profile: DuiProfile;
  referencingStatus: DuiReferencingStatus;
}

export const DUI_SOLUTIONS_QUERY: TypedDocumentNode<{ duiSolutions: DuiSolution[] }, Record<string, never>> = gql`
  query DuiSolutions {
    duiSolutions {
      id
      editor
      product
      version
      couloir
      vague
      profile
      referencingStatus
    }
  }
`;

// ---------- Candidatures ----------

export interface CandidatureListItem {
  __typename?: 'Candidature';
  id: string;
  reference: string;
  title: string;
  state: CandidatureState;
  stateLabel: string;
  updatedAt: string;
  submittedAt: string | null;
  campaign: { __typename?: 'Campaign'; id: string; label: string };
  members: { __typename?: 'GrappeMember'; finess: string }[];
}

export const CANDIDATURES_QUERY: TypedDocumentNode<{ candidatures: CandidatureListItem[] }, { limit?: number }> = gql`
  query MyCandidatures($limit: Int) {
    candidatures(limit: $limit) {
      id
      reference
      title
      state
      stateLabel
      updatedAt
      submittedAt
      campaign {
        id
        label
      }
      members {
        finess
      }
    }
  }
`;

export interface SaadHours {
  __typename?: 'SaadHours';
  totalHours: number;
  apaHours: number;
  pchHours: number;
  otherHours: number;
  otherFunder: string | null;
  confortHours: number;
  medicoSocialHours: number;
}

export interface GrappeMember {
  __typename?: 'GrappeMember';
  finess: string;
  rank: number | null;
  situation: EssmsSituation;
  currentDui: string | null;
  chosenSolutionId: string | null;
  chosenSolution: Pick<DuiSolution, '__typename' | 'id' | 'editor' | 'product' | 'version' | 'referencingStatus'> | null;
  solutionInReferencing: boolean;
  saad: SaadHours | null;
  hardwareQuote: number | null;
  nationalEntity: string | null;
  regionCode: string;
  finessEj: string | null;
  establishment: EstablishmentSummary;
  region: { __typename?: 'Region'; code: string; name: string };
}

export interface EligibilityItem {
  __typename?: 'EligibilityItemView';
  code: string;
  severity: string;
  status: string;
  message: string;
  finess: string | null;
}

export interface CandidatureEvent {
  __typename?: 'CandidatureEvent';
  at: string;
  actor: string | null;
  role: string;
  action: string;
  actionLabel: string;
  fromState: CandidatureState | null;
  toState: CandidatureState | null;
  comment: string | null;
}

export interface AvailableAction {
  __typename?: 'AvailableAction';
  action: string;
  label: string;
  to: CandidatureState;
  toLabel: string;
  refusal: string | null;
  needsComment: boolean;
}

export interface CandidatureDetail {
  __typename?: 'Candidature';
  id: string;
  reference: string;
  title: string;
  state: CandidatureState;
  stateLabel: string;
  desk: Desk;
  windowCode: string | null;
  submittedAt: string | null;
  /** Accusé de réception of the last submission (e.g. `NOR-2026-0002-AR1`), null before. */
  receiptNumber: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  amoaRequested: boolean;
  multiregional: boolean;
  track: TrackKind;
  readOnly: boolean;
  pivotRegion: { __typename?: 'Region'; code: string; name: string } | null;
  regions: { __typename?: 'Region'; code: string; name: string }[];
  campaign: Pick<Campaign, '__typename' | 'id' | 'label' | 'regionCode' | 'status' | 'tracks'>;
  organismes: { __typename?: 'OrganismeGestionnaire'; finessEj: string; name: string; isSmall: boolean }[];
  members: GrappeMember[];
  funding: FundingSimulation | null;
  eligibility: {
    __typename?: 'EligibilityReportView';
    blocking: boolean;
    items: EligibilityItem[];
    notices: string[];
  };
  history: CandidatureEvent[];
  availableActions: AvailableAction[];
  allowedPivotRegions: { __typename?: 'Region'; code: string; name: string }[];
  dossier: CandidatureDossier;
  pieces: PieceRequirement[];
  submissionCheck: SubmissionCheck;
  recapitulatifPath: string | null;
}

export type ProjectField = 'PA' | 'PH' | 'DOMICILE' | 'AHI' | 'PJM' | 'PROTECTION_ENFANCE' | 'ADDICTOLOGIE' | 'AUTRE';
export type ProjectType = 'ACQUISITION' | 'MISE_EN_CONFORMITE' | 'MIXTE';
export type VatRegime = 'HT' | 'TTC';
export type EuFund = 'FEDER' | 'FSE' | 'AUTRE';

export interface PlanStep {
  __typename?: 'DossierPlanStep';
  monthOffset: number;
  durationMonths: number;
  label: string;
}

export interface SelfDiagnostic {
  __typename?: 'DossierSelfDiagnostic';
  finess: string;
  anapMaturitySecurity: boolean;
  siManagementLevel: boolean;
  cyberMeasures: boolean;
}

export interface ChecklistItem {
  __typename?: 'DossierChecklistItem';
  code: string;
  section: string;
  label: string;
  documents: string | null;
  done: boolean;
  doneAt: string | null;
}

export interface CandidatureDossier {
  __typename?: 'CandidatureDossier';
  projectType: ProjectType | null;
  projectTypeLabel: string | null;
  fields: ProjectField[];
  governance: string | null;
  projectPlan: PlanStep[];
  selfDiagnostics: SelfDiagnostic[];
  vatRegime: VatRegime | null;
  porteurIsGht: boolean;
  ght: { __typename?: 'DossierGhtConditions'; publicProcurementContract: boolean; dpiCoverageStudy: boolean; noEuOrHopenFunding: boolean } | null;
  otherEuFunds: EuFund[] | null;
  porteurNationalEntity: string | null;
  ogDuiReusedForPdePds: boolean;
  checklist: ChecklistItem[];
  editable: boolean;
  updatedAt: string | null;
}

/** Antivirus status of a stored file (an infected upload is never a file of the piece: see `quarantined`). */
export type PieceScanStatus = 'PENDING' | 'SAFE' | 'INFECTED' | 'SAFE_UNSCANNED';

export interface PieceFile {
  __typename?: 'PieceFile';
  id: string;
  fileName: string;
  size: number;
  mediaType: string;
  uploadedAt: string;
  uploadedBy: string | null;
  downloadPath: string;
  scanStatus: PieceScanStatus;
}

export interface QuarantinedPieceFile {
  __typename?: 'QuarantinedPieceFile';
  id: string;
  fileName: string;
  size: number;
  detectedAt: string;
  signature: string;
}

export interface PieceRequirement {
  __typename?: 'PieceRequirementView';
  code: string;
  label: string;
  requirement: 'REQUIRED' | 'RECOMMENDED' | 'OPTIONAL';
  reason: string;
  files: PieceFile[];
  replacedCount: number;
  /** The last upload, refused by the antivirus, when newer than the current file: another version is needed. */
  quarantined: QuarantinedPieceFile | null;
}

export type BlockingPieceReason = 'MISSING' | 'SCAN_PENDING' | 'INFECTED';

export interface BlockingPiece {
  __typename?: 'BlockingPiece';
  code: string;
  label: string;
  reason: BlockingPieceReason;
  message: string;
}

export interface SubmissionCheck {
  __typename?: 'SubmissionCheck';
  canSubmit: boolean;
  problems: string[];
  missingPieces: string[];
  onTime: boolean;
  currentWindow: string | null;
  closesOn: string;
  arsContacts: { __typename?: 'ArsContact'; name: string | null; email: string }[];
  blockingPieces: BlockingPiece[];
}

/** The pieces with their antivirus status, and what blocks the submission (also polled while a file is being scanned). */
const PIECES_AND_CHECK_FIELDS = `
    pieces {
      code
      label
      requirement
      reason
      files {
        id
        fileName
        size
        mediaType
        uploadedAt
        uploadedBy
        downloadPath
        scanStatus
      }
      replacedCount
      quarantined {
        id
        fileName
        size
        detectedAt
        signature
      }
    }
    submissionCheck {
      canSubmit
      problems
      missingPieces
      onTime
      currentWindow
      closesOn
      arsContacts {
        name
        email
      }
      blockingPieces {
        code
        label
        reason
        message
      }
    }
`;

/** The whole candidature as the editor shows it; every mutation answers with it, so the side panel stays live. */
export const CANDIDATURE_FIELDS = gql`
  fragment CandidatureFields on Candidature {
    id
    reference
    title
    state
    stateLabel
    desk
    windowCode
    submittedAt
    receiptNumber
    createdAt
    updatedAt
    version
    amoaRequested
    multiregional
    track
    readOnly
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
      regionCode
      status
      tracks {
        kind
        label
        opensOn
        closesOn
        status
        windows {
          code
          opensOn
          closesOn
          status
        }
      }
    }
    organismes {
      finessEj
      name
      isSmall
    }
    members {
      finess
      rank
      situation
      currentDui
      chosenSolutionId
      chosenSolution {
        id
        editor
        product
        version
        referencingStatus
      }
      solutionInReferencing
      saad {
        totalHours
        apaHours
        pchHours
        otherHours
        otherFunder
        confortHours
        medicoSocialHours
      }
      hardwareQuote
      nationalEntity
      regionCode
      finessEj
      establishment {
        ${ESTABLISHMENT_FIELDS}
      }
      region {
        code
        name
      }
    }
    funding {
      essmsCount
      regionCount
      desk
      multiregional
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
    allowedPivotRegions {
      code
      name
    }
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
      checklist {
        code
        section
        label
        documents
        done
        doneAt
      }
      editable
      updatedAt
    }
    ${PIECES_AND_CHECK_FIELDS}
    recapitulatifPath
  }
`;

export const CANDIDATURE_QUERY: TypedDocumentNode<{ candidature: CandidatureDetail }, { id: string }> = gql`
  query Candidature($id: ID!) {
    candidature(id: $id) {
      ...CandidatureFields
    }
  }
  ${CANDIDATURE_FIELDS}
`;

/**
 * Only the pieces and the submission check of a candidature: polled while a file waits for the antivirus. Apollo's cache
 * merges the answer into the candidature (same id), without moving its `version`.
 */
export const CANDIDATURE_PIECES_QUERY: TypedDocumentNode<
  { candidature: Pick<CandidatureDetail, '__typename' | 'id' | 'pieces' | 'submissionCheck'> | null },
  { id: string }
> = gql`
  query CandidaturePieces($id: ID!) {
    candidature(id: $id) {
      id
      ${PIECES_AND_CHECK_FIELDS}
    }
  }
`;

export interface CreateCandidatureInput {
  campaignId: string;
  title: string;
  organismeFinessEj: string;
}

export const CREATE_CANDIDATURE_MUTATION: TypedDocumentNode<{ createCandidature: { __typename?: 'Candidature'; id: string; reference: string } }, { input: CreateCandidatureInput }> = gql`
  mutation CreateCandidature($input: CreateCandidatureInput!) {
    createCandidature(input: $input) {
      id
      reference
    }
  }
`;

export interface GrappeMemberInput {
  finess: string;
  situation: EssmsSituation;
  currentDui?: string | null;
  chosenSolutionId?: string | null;
  saadTotalHours?: number | null;
  saadMedicoSocialHours?: number | null;
  hardwareQuote?: number | null;
  nationalEntity?: string | null;
  finessEj?: string | null;
}

export const ADD_GRAPPE_MEMBERS_MUTATION: TypedDocumentNode<
  { addGrappeMembers: CandidatureDetail },
  { id: string; members: GrappeMemberInput[]; expectedVersion?: number | null }
> = gql`
  mutation AddGrappeMembers($id: ID!, $members: [GrappeMemberInput!]!, $expectedVersion: Int) {
    addGrappeMembers(id: $id, members: $members, expectedVersion: $expectedVersion) {
      ...CandidatureFields
    }
  }
  ${CANDIDATURE_FIELDS}
`;

export const REMOVE_GRAPPE_MEMBERS_MUTATION: TypedDocumentNode<
  { removeGrappeMembers: CandidatureDetail },
  { id: string; finess: string[]; expectedVersion?: number | null }
> = gql`
  mutation RemoveGrappeMembers($id: ID!, $finess: [String!]!, $expectedVersion: Int) {
    removeGrappeMembers(id: $id, finess: $finess, expectedVersion: $expectedVersion) {
      ...CandidatureFields
    }
  }
  ${CANDIDATURE_FIELDS}
`;

/** `idempotencyKey`: one per submission attempt (kept across its retries): a double click or a retry answers the same submission. */
export const SUBMIT_CANDIDATURE_MUTATION: TypedDocumentNode<
  { submitCandidature: CandidatureDetail },
  { id: string; expectedVersion?: number | null; idempotencyKey?: string | null }
> = gql`
  mutation SubmitCandidature($id: ID!, $expectedVersion: Int, $idempotencyKey: String) {
    submitCandidature(id: $id, expectedVersion: $expectedVersion, idempotencyKey: $idempotencyKey) {
      ...CandidatureFields
    }
  }
  ${CANDIDATURE_FIELDS}
`;

export interface SaadHoursInput {
  totalHours: number;
  apaHours?: number | null;
  pchHours?: number | null;
  otherHours?: number | null;
  otherFunder?: string | null;
  confortHours?: number | null;
}

export interface GrappeMemberUpdateInput {
  situation?: EssmsSituation | null;
  currentDui?: string | null;
  chosenSolutionId?: string | null;
  solutionInReferencing?: boolean | null;
  saad?: SaadHoursInput | null;
  hardwareQuote?: number | null;
  nationalEntity?: { name: string } | null;
}

export const UPDATE_GRAPPE_MEMBER_MUTATION: TypedDocumentNode<
  { updateGrappeMember: CandidatureDetail },
  { id: string; finess: string; expectedVersion: number; input: GrappeMemberUpdateInput }
> = gql`
  mutation UpdateGrappeMember($id: ID!, $finess: String!, $expectedVersion: Int!, $input: GrappeMemberUpdateInput!) {
    updateGrappeMember(id: $id, finess: $finess, expectedVersion: $expectedVersion, input: $input) {
      ...CandidatureFields
    }
  }
  ${CANDIDATURE_FIELDS}
`;

export type GrappeImportLineStatus = 'ADDED' | 'ALREADY_PRESENT' | 'MALFORMED' | 'UNKNOWN' | 'CLOSED' | 'DUPLICATE';

export interface GrappeImportLine {
  __typename?: 'GrappeImportLine';
  line: number;
  input: string;
  finess: string | null;
  status: GrappeImportLineStatus;
  message: string;
  establishmentName: string | null;
}

export const IMPORT_GRAPPE_MEMBERS_MUTATION: TypedDocumentNode<
  { importGrappeMembers: { __typename?: 'GrappeImportResult'; added: number; candidature: CandidatureDetail; lines: GrappeImportLine[] } },
  { id: string; expectedVersion: number; text: string }
> = gql`
  mutation ImportGrappeMembers($id: ID!, $expectedVersion: Int!, $text: String!) {
    importGrappeMembers(id: $id, expectedVersion: $expectedVersion, text: $text) {
      added
      candidature {
        ...CandidatureFields
      }
      lines {
        line
        input
        finess
        status
        message
        establishmentName
      }
    }
  }
  ${CANDIDATURE_FIELDS}
`;

export const CHOOSE_PIVOT_REGION_MUTATION: TypedDocumentNode<
  { choosePivotRegion: CandidatureDetail },
  { id: string; expectedVersion: number; regionCode: string }
> = gql`
  mutation ChoosePivotRegion($id: ID!, $expectedVersion: Int!, $regionCode: String!) {
    choosePivotRegion(id: $id, expectedVersion: $expectedVersion, regionCode: $regionCode) {
      ...CandidatureFields
    }
  }
  ${CANDIDATURE_FIELDS}
`;

export interface CandidatureDossierInput {
  fields?: ProjectField[] | null;
  governance?: string | null;
  projectPlan?: { monthOffset: number; durationMonths?: number | null; label: string }[] | null;
  selfDiagnostics?: Omit<SelfDiagnostic, '__typename'>[] | null;
  vatRegime?: VatRegime | null;
  porteurIsGht?: boolean | null;
  ght?: { publicProcurementContract: boolean; dpiCoverageStudy: boolean; noEuOrHopenFunding: boolean } | null;
  otherEuFunds?: EuFund[] | null;
  porteurNationalEntity?: string | null;
  ogDuiReusedForPdePds?: boolean | null;
  checklist?: { code: string; done: boolean }[] | null;
  /** AMOA forfait asked (003 §4.4.2 3); the server refuses it unless every organisme of the grappe is small. */
  amoaRequested?: boolean | null;
}

export const UPDATE_CANDIDATURE_DOSSIER_MUTATION: TypedDocumentNode<
  { updateCandidatureDossier: CandidatureDetail },
  { id: string; expectedVersion: number; input: CandidatureDossierInput }
> = gql`
  mutation UpdateCandidatureDossier($id: ID!, $expectedVersion: Int!, $input: CandidatureDossierInput!) {
    updateCandidatureDossier(id: $id, expectedVersion: $expectedVersion, input: $input) {
      ...CandidatureFields
    }
  }
  ${CANDIDATURE_FIELDS}
`;

export const DELETE_PIECE_MUTATION: TypedDocumentNode<{ deletePiece: CandidatureDetail }, { id: string }> = gql`
  mutation DeletePiece($id: ID!) {
    deletePiece(id: $id) {
      ...CandidatureFields
    }
  }
  ${CANDIDATURE_FIELDS}
`;

import { gql, type TypedDocumentNode } from '@apollo/client';

// Operations of the national dashboard (subgraph-candidature `nationalDashboard`, `dashboardFiles`, `openData`).
// Hand-written; keep each type equal to its selection set.

export interface DashboardFilterVars {
  campaignYear?: number | null;
  windowCode?: string | null;
  field?: string | null;
  projectType?: string | null;
}

export interface DashboardCount {
  key: string;
  label: string;
  files: number;
  amount: number;
}

export interface DashboardArea {
  code: string;
  name: string;
  isOverseas: boolean;
  files: number;
  filesGranted: number;
  amountRequested: number;
  amountGranted: number;
  amountPaid: number;
  essmsCovered: number;
  essmsInFiles: number;
  essmsOpen: number | null;
  essmsNotCovered: number | null;
  coverageRate: number | null;
  projectsAtRisk: number;
  byState: DashboardCount[];
  byWindow: DashboardCount[];
}

/** A project at risk (the follow-up's projection): reasons in French, the organismes' names from the annuaire. */
export interface AtRiskItem {
  id: string;
  reference: string;
  title: string;
  regionCode: string;
  regionName: string;
  reasons: string[];
  candidature: { id: string; organismes: { finessEj: string; name: string }[] };
}

export interface NationalDashboardData {
  nationalDashboard: {
    generatedAt: string;
    envelope: { amount: number; startYear: number; endYear: number; source: string; quote: string; note: string };
    france: DashboardArea;
    regions: DashboardArea[];
    byField: { field: string; label: string; files: number; essmsInFiles: number; essmsCovered: number; essmsOpen: number | null; essmsNotCovered: number | null }[];
    byProjectType: { projectType: string; label: string; files: number; filesGranted: number; amountRequested: number; amountGranted: number }[];
    byDuiSolution: { solutionId: string; solution: { id: string; product: string | null; editor: string | null } | null; files: number; filesGranted: number; essms: number; amountGranted: number }[];
    monthly: { month: string; submissions: number; amountRequested: number; amountGranted: number }[];
    usageTargets: { available: boolean; message: string; months: { month: string; essmsMeasured: number; indicators: { indicator: string; label: string; target: number; share: number }[] }[] };
    projectsAtRisk: { available: boolean; message: string; count: number; definition: string; items: AtRiskItem[] };
    campaignYears: number[];
    windowCodes: string[];
    notes: string[];
  };
}

const AREA = gql`
  fragment DashboardAreaFields on DashboardArea {
    code
    name
    isOverseas
    files
    filesGranted
    amountRequested
    amountGranted
    amountPaid
    essmsCovered
    essmsInFiles
    essmsOpen
    essmsNotCovered
    coverageRate
    projectsAtRisk
    byState {
      key
      label
      files
      amount
    }
    byWindow {
      key
      label
      files
      amount
    }
  }
`;

export const NATIONAL_DASHBOARD: TypedDocumentNode<NationalDashboardData, { filter: DashboardFilterVars }> = gql`
  ${AREA}
  query NationalDashboard($filter: DashboardFilter) {
    nationalDashboard(filter: $filter) {
      generatedAt
      envelope {
        amount
        startYear
        endYear
        source
        quote
        note
      }
      france {
        ...DashboardAreaFields
      }
      regions {
        ...DashboardAreaFields
      }
      byField {
        field
        label
        files
        essmsInFiles
        essmsCovered
        essmsOpen
        essmsNotCovered
      }
      byProjectType {
        projectType
        label
        files
        filesGranted
        amountRequested
        amountGranted
      }
      byDuiSolution {
        solutionId
        solution {
          id
          product
          editor
        }
        files
        filesGranted
        essms
        amountGranted
      }
      monthly {
        month
        submissions
        amountRequested
        amountGranted
      }
      usageTargets {
        available
        message
        months {
          month
          essmsMeasured
          indicators {
            indicator
            label
            target
            share
          }
        }
      }
      projectsAtRisk {
        available
        message
        count
        definition
        items {
          id
          reference
          title
          regionCode
          regionName
          reasons
          candidature {
            id
            organismes {
              finessEj
              name
            }
          }
        }
      }
      campaignYears
      windowCodes
      notes
    }
  }
`;

export interface DashboardFilesVars {
  filter: DashboardFilterVars & {
    regionCode?: string | null;
    states?: string[] | null;
    grantedOnly?: boolean | null;
    duiSolutionId?: string | null;
    submittedMonth?: string | null;
  };
  limit?: number;
  offset?: number;
}

export interface DashboardFileItem {
  id: string;
  reference: string;
  title: string;
  state: string;
  stateLabel: string;
  regionCode: string;
  regionName: string;
  windowCode: string | null;
  campaignYear: number;
  submittedAt: string | null;
  projectType: string;
  essmsCount: number;
  amountRequested: number;
  granted: boolean;
}

export interface DashboardFilesData {
  dashboardFiles: { total: number; items: DashboardFileItem[] };
}

export const DASHBOARD_FILES: TypedDocumentNode<DashboardFilesData, DashboardFilesVars> = gql`
  query DashboardFiles($filter: DashboardFilesFilter, $limit: Int, $offset: Int) {
    dashboardFiles(filter: $filter, limit: $limit, offset: $offset) {
      total
      items {
        id
        reference
        title
        state
        stateLabel
        regionCode
        regionName
        windowCode
        campaignYear
        submittedAt
        projectType
        essmsCount
        amountRequested
        granted
      }
    }
  }
`;

export interface FileDetailData {
  candidature: {
    id: string;
    reference: string;
    title: string;
    state: string;
    stateLabel: string;
    windowCode: string | null;
    submittedAt: string | null;
    desk: string;
    pivotRegion: { code: string; name: string | null } | null;
    funding: { total: number; essmsCount: number };
    members: { finess: string; situation: string; regionCode: string; establishment: { finess: string; name: string | null } | null }[];
    history: { at: string; actionLabel: string; fromState: string | null; toState: string | null; role: string }[];
  };
}

export const FILE_DETAIL: TypedDocumentNode<FileDetailData, { id: string }> = gql`
  query CnsaFileDetail($id: ID!) {
    candidature(id: $id) {
      id
      reference
      title
      state
      stateLabel
      windowCode
      submittedAt
      desk
      pivotRegion {
        code
        name
      }
      funding {
        total
        essmsCount
      }
      members {
        finess
        situation
        regionCode
        establishment {
          finess
          name
        }
      }
      history {
        at
        actionLabel
        fromState
        toState
        role
      }
    }
  }
`;

export interface OpenDataCell {
  value: number | null;
  suppressed: boolean;
}
export interface OpenDataBreakdown {
  key: string;
  label: string;
  files: OpenDataCell;
  amountRequested: OpenDataCell;
}
export interface OpenDataArea {
  code: string;
  name: string;
  files: OpenDataCell;
  filesGranted: OpenDataCell;
  amountRequested: OpenDataCell;
  amountGranted: OpenDataCell;
  essmsCovered: OpenDataCell;
  byState: OpenDataBreakdown[];
}
export interface OpenDataData {
  openData: {
    generatedAt: string;
    minimumGroupSize: number;
    licence: string;
    producer: string;
    notes: string[];
    national: OpenDataArea;
    regions: OpenDataArea[];
    byField: { field: string; label: string; files: OpenDataCell; essmsCovered: OpenDataCell }[];
    byProjectType: OpenDataBreakdown[];
  };
}

const CELL = `value suppressed`;
const OPEN_AREA = `code name files { ${CELL} } filesGranted { ${CELL} } amountRequested { ${CELL} } amountGranted { ${CELL} } essmsCovered { ${CELL} }
  byState { key label files { ${CELL} } amountRequested { ${CELL} } }`;

export const OPEN_DATA: TypedDocumentNode<OpenDataData, Record<string, never>> = gql(`
  query OpenData {
    openData {
      generatedAt
      minimumGroupSize
      licence
      producer
      notes
      national { ${OPEN_AREA} }
      regions { ${OPEN_AREA} }
      byField { field label files { ${CELL} } essmsCovered { ${CELL} } }
      byProjectType { key label files { ${CELL} } amountRequested { ${CELL} } }
    }
  }
`);

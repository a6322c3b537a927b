/* The three measured operations, and what a correct answer looks like. */
import { buildGrappe } from '@esms/domain/testing';

export type ScenarioId = 'Q1' | 'Q2' | 'Q3';

export interface Scenario {
  id: ScenarioId;
  label: string;
  /** The query sent to a gateway. */
  query: string;
  variables: Record<string, unknown>;
  /** Who calls: the Normandie instructeur (session cookie) or a public visitor (no cookie). */
  caller: 'instructeur' | 'public';
  /** Open-loop rate (req/s): under every path's capacity, or the queue, not the system, is measured. */
  rate: number;
  /**
   * The same work straight to the owning subgraph (the floor), when the operation lives in one
   * subgraph; null for federated operations.
   */
  direct: { subgraph: 'candidature'; query: string; variables: Record<string, unknown> } | null;
  /** Checks a gateway/direct answer; returns an error message or null. */
  check(data: unknown): string | null;
}

export const REGION = '28'; // Normandie: the demo instructeur's ARS

const Q1_FIELDS = 'id reference title state stateLabel desk submittedAt updatedAt version';

export const Q1_QUERY = `query BenchQ1($region: String!, $limit: Int!) {
  candidatures(filter: { pivotRegion: $region }, limit: $limit) { ${Q1_FIELDS} }
}`;

export const Q2_QUERY = `query BenchQ2($region: String!, $limit: Int!) {
  candidatures(filter: { pivotRegion: $region }, limit: $limit) {
    id reference title state
    members { finess situation establishment { finess name category categoryLabel departement address { city postalCode } } }
    gradingSummary { count signedCount consensus mature }
  }
}`;

export const Q3_QUERY = `query BenchQ3($input: FundingSimulationInput!) {
  fundingSimulation(input: $input) {
    essmsCount regionCount desk multiregional usages software hardware amoa total advance balance
    lines { finess rank situation usages software hardware prorata }
    notices
  }
}`;

/** A 60-ESSMS grappe over two Normandie départements and three organismes gestionnaires. */
export function grappe60() {
  const calvados = buildGrappe(40, { departement: '14', organismes: 2, firstSerial: 5000 });
  const manche = buildGrappe(20, { departement: '50', organismes: 1, firstSerial: 6000 });
  return [...calvados, ...manche].map((e) => ({
    finess: e.finess,
    situation: e.situation,
    ...(e.regionCode ? { regionCode: e.regionCode } : {}),
    ...(e.organismeFinessEj ? { organismeFinessEj: e.organismeFinessEj } : {}),
  }));
}

const listOf = (data: unknown, field: string): unknown[] | null => {
  const value = (data as Record<string, unknown> | null)?.[field];
  return Array.isArray(value) ? value : null;
};

export function candidaturesCheck(expected: number) {
  return (data: unknown): string | null => {
    const rows = listOf(data, 'candidatures');
    if (!rows) return 'no candidatures list in the answer';
    if (rows.length !== expected) return `${rows.length} candidatures instead of ${expected} (not enough seeded data?)`;
    return null;
  };
}

/** Q1 as the gateway sends it to the candidature subgraph: the same root field. */
export function scenarios(limit = 50): Scenario[] {
  const q1Vars = { region: REGION, limit };
  const q3Vars = { input: { essms: grappe60() } };
  return [
    {
      id: 'Q1',
      label: `Q1 one subgraph: a region's candidatures (${limit} rows)`,
      query: Q1_QUERY,
      variables: q1Vars,
      caller: 'instructeur',
      rate: 50, // the budget's rate
      direct: { subgraph: 'candidature', query: Q1_QUERY, variables: q1Vars },
      check: candidaturesCheck(limit),
    },
    {
      id: 'Q2',
      label: `Q2 federated: ${limit} candidatures + establishments (annuaire) + grades (grading-grid)`,
      query: Q2_QUERY,
      variables: q1Vars,
      caller: 'instructeur',
      rate: 10,
      direct: null,
      check: (data) => {
        const error = candidaturesCheck(limit)(data);
        if (error) return error;
        const rows = listOf(data, 'candidatures') as { members?: { establishment?: unknown }[]; gradingSummary?: unknown }[];
        if (!rows.some((r) => (r.members ?? []).length > 0 && r.members?.every((m) => m.establishment))) return 'members without their establishment';
        if (!rows.every((r) => r.gradingSummary)) return 'candidatures without their gradingSummary';
        return null;
      },
    },
    {
      id: 'Q3',
      label: 'Q3 public fundingSimulation (60-ESSMS grappe)',
      query: Q3_QUERY,
      variables: q3Vars,
      caller: 'public',
      rate: 25,
      direct: { subgraph: 'candidature', query: Q3_QUERY, variables: q3Vars },
      check: (data) => {
        const sim = (data as { fundingSimulation?: { essmsCount?: number } } | null)?.fundingSimulation;
        return sim?.essmsCount === 60 ? null : `fundingSimulation counted ${sim?.essmsCount} ESSMS instead of 60`;
      },
    },
  ];
}

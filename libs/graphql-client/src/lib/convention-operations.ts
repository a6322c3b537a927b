import { gql, type TypedDocumentNode } from '@apollo/client';

// Typed operations of the ARS–porteur convention (issue 5 §7, issue 6 §1), for web-instructeur and web-porteur.
// Hand-written: keep each type equal to its selection set; entities always select their key.

export interface ConventionLineView {
  finess: string;
  name: string | null;
  rank: number;
  situation: 'ACQUISITION' | 'UPGRADE';
  usages: number;
  software: number;
  hardware: number;
  amount: number;
}

export interface ConventionView {
  id: string;
  status: 'GENERATED' | 'SIGNED';
  total: number;
  advance: number;
  balance: number;
  amoa: number;
  durationMonths: number | null;
  projectStart: string;
  expectedEnd: string | null;
  decidedOn: string | null;
  generatedAt: string;
  signedOn: string | null;
  signedAt: string | null;
  documentUrl: string;
  lines: ConventionLineView[];
  milestones: { code: string; label: string; plannedOn: string | null }[];
}

export interface ConventionPayment {
  id: string;
  kind: 'ADVANCE' | 'BALANCE';
  amount: number;
  status: 'DUE' | 'PAID';
  dueOn: string;
}

const CONVENTION_FIELDS = `
  id status total advance balance amoa durationMonths projectStart expectedEnd decidedOn generatedAt signedOn signedAt documentUrl
  lines { finess name rank situation usages software hardware amount }
  milestones { code label plannedOn }
`;

export const CANDIDATURE_CONVENTION_QUERY: TypedDocumentNode<
  { candidature: { id: string; state: string; version: number; convention: ConventionView | null; payments: ConventionPayment[] } },
  { id: string }
> = gql`
  query CandidatureConvention($id: ID!) {
    candidature(id: $id) {
      id state version
      convention { ${CONVENTION_FIELDS} }
      payments { id kind amount status dueOn }
    }
  }
`;

export const GENERATE_CONVENTION_MUTATION: TypedDocumentNode<{ generateConvention: ConventionView }, { candidatureId: string }> = gql`
  mutation GenerateConvention($candidatureId: ID!) {
    generateConvention(candidatureId: $candidatureId) { ${CONVENTION_FIELDS} }
  }
`;

export const SIGN_CONVENTION_MUTATION: TypedDocumentNode<{ signConvention: ConventionView }, { candidatureId: string; signedOn: string }> = gql`
  mutation SignConvention($candidatureId: ID!, $signedOn: String!) {
    signConvention(candidatureId: $candidatureId, signedOn: $signedOn) { ${CONVENTION_FIELDS} }
  }
`;

/** The porteur's view: is the convention signed, where is its PDF. */
export const PORTEUR_CONVENTION_QUERY: TypedDocumentNode<
  { candidature: { id: string; convention: { id: string; status: 'GENERATED' | 'SIGNED'; signedOn: string | null; documentUrl: string } | null } },
  { id: string }
> = gql`
  query PorteurConvention($id: ID!) {
    candidature(id: $id) {
      id
      convention { id status signedOn documentUrl }
    }
  }
`;

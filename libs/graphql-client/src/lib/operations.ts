import { gql, type TypedDocumentNode } from '@apollo/client';

// Typed operations of the gateway contract. Hand-written until the gateway's schema is published
// for codegen; keep each type equal to its selection set.

export type Role = 'PORTEUR' | 'INSTRUCTEUR' | 'CD' | 'CNSA';

export interface SessionOrganisme {
  __typename?: string;
  finessEj: string;
  name: string;
}

export interface Me {
  __typename?: 'Me';
  id: string;
  email: string;
  displayName: string;
  role: Role;
  regionCode: string | null;
  organismes: SessionOrganisme[];
}

export interface MeQueryData {
  me: Me | null;
}

export const ME_QUERY: TypedDocumentNode<MeQueryData, Record<string, never>> = gql`
  query Me {
    me {
      id
      email
      displayName
      role
      regionCode
      organismes {
        finessEj
        name
      }
    }
  }
`;

export type EssmsSituation = 'ACQUISITION' | 'UPGRADE';
export type Desk = 'REGIONAL' | 'NATIONAL';

export interface SimulatedEssmsInput {
  finess: string;
  regionCode?: string | null;
  situation: EssmsSituation;
  organismeFinessEj?: string | null;
  hardwareQuote?: number | null;
  saadTotalHours?: number | null;
  saadMedicoSocialHours?: number | null;
}

export interface FundingSimulationInput {
  essms: SimulatedEssmsInput[];
  amoa?: boolean;
}

export interface FundingLine {
  __typename?: 'FundingLine';
  finess: string;
  rank: number;
  usages: number;
  software: number;
  hardware: number;
  prorata: number;
}

/** Amounts in integer euros. */
export interface FundingSimulation {
  __typename?: 'FundingSimulation';
  essmsCount: number;
  regionCount: number;
  desk: Desk;
  multiregional: boolean;
  usages: number;
  software: number;
  hardware: number;
  amoa: number;
  total: number;
  advance: number;
  balance: number;
  lines: FundingLine[];
  notices: string[];
}

export interface FundingSimulationQueryData {
  fundingSimulation: FundingSimulation;
}

export interface FundingSimulationQueryVariables {
  input: FundingSimulationInput;
}

export const FUNDING_SIMULATION_QUERY: TypedDocumentNode<
  FundingSimulationQueryData,
  FundingSimulationQueryVariables
> = gql`
  query FundingSimulation($input: FundingSimulationInput!) {
    fundingSimulation(input: $input) {
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
  }
`;

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
}

export interface SignUpMutationData {
  // The result's fields are the gateway's to define; the page only needs to know it succeeded.
  signUp: { __typename: string };
}

export const SIGN_UP_MUTATION: TypedDocumentNode<SignUpMutationData, { input: SignUpInput }> = gql`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      __typename
    }
  }
`;

export interface ActivateAccountMutationData {
  activateAccount: boolean;
}

export const ACTIVATE_ACCOUNT_MUTATION: TypedDocumentNode<ActivateAccountMutationData, { token: string }> = gql`
  mutation ActivateAccount($token: String!) {
    activateAccount(token: $token)
  }
`;

/*
 * The porteurs' drafts, through the gateway with each porteur's own session, as the web app does it: log in,
 * create the draft, add the grappe (ESSMS + a referenced DUI solution), answer the dossier, upload every REQUIRED
 * piece (`/files`), then read `submissionCheck` to be sure each draft could be submitted.
 */
import { eachLimited, gql, login, uploadPiece } from './gateway-client';
import type { LoadPorteur } from './seed-sql';

export interface Draft {
  porteur: LoadPorteur;
  cookie: string;
  candidatureId: string;
  version: number;
  /** The grappe member the rush's "save grappe" edits. */
  finess: string;
}

/** The smallest file the upload accepts as a PDF (type sniffed from its magic bytes). */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');

const SOLUTIONS = `query { duiSolutions { id couloir vague referencingStatus } }`;
const CREATE_SOLUTION = `mutation($input: DuiSolutionInput!) { createDuiSolution(input: $input) { id } }`;
const CREATE = `mutation($input: CreateCandidatureInput!) { createCandidature(input: $input) { id version } }`;
const ADD = `mutation($id: ID!, $members: [GrappeMemberInput!]!, $v: Int) { addGrappeMembers(id: $id, members: $members, expectedVersion: $v) { id version } }`;
const DOSSIER = `mutation($id: ID!, $v: Int!, $input: CandidatureDossierInput!) { updateCandidatureDossier(id: $id, expectedVersion: $v, input: $input) { id version } }`;
const PIECES = `query($id: ID!) { candidature(id: $id) { pieces { code requirement files { id } } } }`;
const CHECK = `query($id: ID!) { candidature(id: $id) { id version submissionCheck { canSubmit problems } } }`;

/**
 * A DUI solution that satisfies E08 without condition (référencée Ségur vague 1, couloir médico-social): the
 * catalogue's, else one the CNSA adds (the catalogue is empty without demo data).
 */
export async function referencedSolution(gatewayUrl: string, cnsaCookie: string): Promise<string> {
  const data = await gql<{ duiSolutions: { id: string; couloir: string; vague: number; referencingStatus: string }[] }>(gatewayUrl, null, SOLUTIONS);
  const solution = data.duiSolutions.find((s) => s.couloir === 'MEDICO_SOCIAL' && s.vague === 1 && s.referencingStatus === 'REFERENCED');
  if (solution) return solution.id;
  const created = await gql<{ createDuiSolution: { id: string } }>(gatewayUrl, cnsaCookie, CREATE_SOLUTION, {
    input: { editor: 'Éditeur du test de charge', product: 'DUI Charge', version: '1.0', couloir: 'MEDICO_SOCIAL', vague: 1, profile: 'PA', referencingStatus: 'REFERENCED' },
  });
  return created.createDuiSolution.id;
}

export async function loginAll(gatewayUrl: string, porteurs: readonly { email: string }[], password: string, concurrency: number): Promise<string[]> {
  return eachLimited(porteurs, concurrency, (p) => login(gatewayUrl, p.email, password));
}

export async function prepareDraft(gatewayUrl: string, porteur: LoadPorteur, cookie: string, campaignId: string, solutionId: string): Promise<Draft> {
  const created = await gql<{ createCandidature: { id: string; version: number } }>(gatewayUrl, cookie, CREATE, {
    input: { campaignId, title: `Projet DUI — test de charge n° ${porteur.index + 1}`, organismeFinessEj: porteur.organisme.finessEj },
  });
  const id = created.createCandidature.id;
  const added = await gql<{ addGrappeMembers: { version: number } }>(gatewayUrl, cookie, ADD, {
    id,
    v: created.createCandidature.version,
    members: porteur.organisme.essms.map((finess) => ({ finess, situation: 'ACQUISITION', chosenSolutionId: solutionId })),
  });
  const answered = await gql<{ updateCandidatureDossier: { version: number } }>(gatewayUrl, cookie, DOSSIER, {
    id,
    v: added.addGrappeMembers.version,
    input: { otherEuFunds: [], vatRegime: 'HT', governance: 'Comité de pilotage mensuel', porteurIsGht: false, ogDuiReusedForPdePds: false },
  });
  const { candidature } = await gql<{ candidature: { pieces: { code: string; requirement: string; files: { id: string }[] }[] } }>(gatewayUrl, cookie, PIECES, { id });
  for (const piece of candidature.pieces.filter((p) => p.requirement === 'REQUIRED' && p.files.length === 0)) {
    await uploadPiece(gatewayUrl, cookie, id, piece.code, TINY_PDF, `${piece.code}-charge-${porteur.index + 1}.pdf`);
  }
  const check = await gql<{ candidature: { version: number; submissionCheck: { canSubmit: boolean; problems: string[] } } }>(gatewayUrl, cookie, CHECK, { id });
  if (!check.candidature.submissionCheck.canSubmit) {
    throw new Error(`The draft of ${porteur.email} could not be submitted: ${check.candidature.submissionCheck.problems.join(' | ')}`);
  }
  if (check.candidature.version !== answered.updateCandidatureDossier.version) throw new Error(`The draft of ${porteur.email} changed version during its preparation.`);
  return { porteur, cookie, candidatureId: id, version: check.candidature.version, finess: porteur.organisme.essms[0] };
}

export async function prepareDrafts(options: {
  gatewayUrl: string;
  porteurs: readonly LoadPorteur[];
  cookies: readonly string[];
  campaignId: string;
  solutionId: string;
  concurrency: number;
  onProgress?: (done: number) => void;
}): Promise<Draft[]> {
  let done = 0;
  return eachLimited(options.porteurs, options.concurrency, async (porteur, i) => {
    const draft = await prepareDraft(options.gatewayUrl, porteur, options.cookies[i], options.campaignId, options.solutionId);
    done += 1;
    if (done % 100 === 0) options.onProgress?.(done);
    return draft;
  });
}

/** Each porteur opens its file before the rush (the page's read): warms the stack up, confirms the version. */
export async function openFiles(gatewayUrl: string, drafts: readonly Draft[], concurrency: number, until: number): Promise<number> {
  let opened = 0;
  await eachLimited(drafts, concurrency, async (draft) => {
    if (Date.now() >= until) return;
    const data = await gql<{ candidature: { version: number } }>(gatewayUrl, draft.cookie, CHECK, { id: draft.candidatureId });
    if (data.candidature.version !== draft.version) throw new Error(`The file of ${draft.porteur.email} is at version ${data.candidature.version}, not ${draft.version}.`);
    opened += 1;
  });
  return opened;
}

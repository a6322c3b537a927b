import { callInternal, notFound, requireRole, type Claims, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ApiTokenRow } from './identity.entities';
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenView } from './identity.service';
import { ApiToken, CreatedApiToken } from './identity.types';

/**
 * API tokens for DUI editors, issued by the people who follow a project (issue 6): the porteur of a selected file
 * or its pivot ARS instructeur (CNSA at the national desk) issues a token scoped `measurements:write:<candidatureId>`
 * — ONE project — with an expiry, lists and revokes them. The candidature subgraph, owner of the files, says who may
 * (`/internal/follow-up/editor-token-grant`); the annuaire never reads its database.
 */
export type EditorTokenGrant = (claims: Claims, candidatureId: string) => Promise<boolean>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const editorScope = (candidatureId: string) => `measurements:write:${candidatureId.toLowerCase()}`;

const defaultGrant: EditorTokenGrant = async (claims, candidatureId) => {
  const base = process.env['ESMS_CANDIDATURE_URL'];
  if (!base) return false;
  const answer = await callInternal<{ allowed: boolean }>(base, 'follow-up/editor-token-grant', { claims, candidatureId }, 'annuaire');
  return !!answer?.allowed;
};
let grant: EditorTokenGrant = defaultGrant;
/** Tests replace the candidature subgraph's answer. */
export function configureEditorTokenGrant(fn: EditorTokenGrant | null): void {
  grant = fn ?? defaultGrant;
}

async function checkGrant(ctx: SubgraphContext, candidatureId: string): Promise<string> {
  requireRole(ctx, 'PORTEUR', 'INSTRUCTEUR', 'CNSA');
  if (!UUID.test(candidatureId ?? '') || !(await grant(ctx.claims, candidatureId.toLowerCase()))) {
    throw notFound("Ce projet n'existe pas, n'est pas encore conventionné, ou vous n'y avez pas accès.");
  }
  return candidatureId.toLowerCase();
}

export async function editorTokensOf(ctx: SubgraphContext, candidatureId: string): Promise<ApiTokenView[]> {
  const id = await checkGrant(ctx, candidatureId);
  return (await listApiTokens(ctx.db)).filter((t) => t.scopes.includes(editorScope(id)));
}

@Resolver()
export class EditorTokenResolver {
  @Query(() => [ApiToken], { description: 'Jetons d’éditeur DUI d’un projet (porteur du dossier ou ARS pivot) ; le secret n’est jamais renvoyé.' })
  editorApiTokens(@Arg('candidatureId', () => ID) candidatureId: string, @Ctx() ctx: SubgraphContext): Promise<ApiTokenView[]> {
    return editorTokensOf(ctx, candidatureId);
  }

  @Mutation(() => CreatedApiToken, {
    description:
      'Crée un jeton pour l’éditeur du DUI d’un projet retenu : permission `measurements:write:<candidatureId>` (ce seul projet), durée limitée. Le jeton en clair est renvoyé cette seule fois.',
  })
  async createEditorApiToken(
    @Arg('candidatureId', () => ID) candidatureId: string,
    @Arg('label', () => String) label: string,
    @Arg('expiresInDays', () => Int, { description: 'Entre 1 et 365.' }) expiresInDays: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<CreatedApiToken> {
    const id = await checkGrant(ctx, candidatureId);
    return createApiToken(ctx.db, ctx.claims.sub as string, { label, scopes: [editorScope(id)], expiresInDays });
  }

  @Mutation(() => ApiToken, { description: 'Révoque un jeton d’éditeur du projet (effet immédiat pour les nouvelles requêtes).' })
  async revokeEditorApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ApiTokenView> {
    requireRole(ctx, 'PORTEUR', 'INSTRUCTEUR', 'CNSA');
    const token = UUID.test(id ?? '') ? await ctx.db.getRepository(ApiTokenRow).findOneBy({ id }) : null;
    const scope = token?.scopes.find((s) => /^measurements:write:[0-9a-f-]{36}$/.test(s));
    if (!token || !scope) throw notFound();
    await checkGrant(ctx, scope.slice('measurements:write:'.length));
    return revokeApiToken(ctx.db, id);
  }
}

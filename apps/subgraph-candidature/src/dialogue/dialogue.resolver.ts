import type { SubgraphContext } from '@esms/server-kit';
import { loaderFor } from '@esms/server-kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { Candidature } from '../candidatures/candidature.types';
import { contactsLoader } from '../queue/queue.resolver';
import { CandidatureMessage, ComplementRequestView, FilePartEnum, type PorteurPart } from './dialogue.types';
import { answerComplement, reopenLateFile, requestComplement, sendMessage } from './dialogue.service';
import { editablePartsFor } from './editable-parts';

/* eslint-disable @typescript-eslint/no-explicit-any */

const messagesLoader = (ctx: SubgraphContext) =>
  loaderFor<string, any[]>(ctx, 'dialogue:messages', async (ids) => {
    const rows: any[] = await ctx.db.query(`SELECT * FROM candidature_message WHERE candidature_id = ANY($1::uuid[]) ORDER BY at, id`, [[...ids]]);
    return ids.map((id) => rows.filter((r) => String(r.candidature_id) === id));
  });

const complementLoader = (ctx: SubgraphContext) =>
  loaderFor<string, any>(ctx, 'dialogue:complement', async (ids) => {
    const rows: any[] = await ctx.db.query(
      `SELECT DISTINCT ON (candidature_id) * FROM complement_request WHERE candidature_id = ANY($1::uuid[]) ORDER BY candidature_id, requested_at DESC`,
      [[...ids]],
    );
    return ids.map((id) => rows.find((r) => String(r.candidature_id) === id) ?? null);
  });

@Resolver(() => Candidature)
export class DialogueResolver {
  @FieldResolver(() => [CandidatureMessage], { description: 'Dialogue ARS–porteur sur le dossier (du plus ancien au plus récent).' })
  async messages(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<CandidatureMessage[]> {
    const rows = (await messagesLoader(ctx).load(row.id)) ?? [];
    const porteur = ctx.claims.role === 'PORTEUR';
    return Promise.all(
      rows.map(async (r) => {
        const hidden = porteur && r.author_role !== 'PORTEUR';
        const contact = hidden || !r.author_id ? null : await contactsLoader(ctx).load(r.author_id);
        return {
          id: r.id,
          kind: r.kind,
          body: r.body,
          at: new Date(r.at),
          authorRole: r.author_role,
          authorName: hidden ? (r.author_role === 'CNSA' ? 'CNSA' : 'ARS') : (contact?.displayName ?? null),
          mine: !!ctx.claims.sub && r.author_id === ctx.claims.sub,
        };
      }),
    );
  }

  @FieldResolver(() => ComplementRequestView, { nullable: true, description: 'Dernière demande de compléments (ouverte si answeredAt est nul).' })
  async complementRequest(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<ComplementRequestView | null> {
    const r = await complementLoader(ctx).load(row.id);
    if (!r) return null;
    return { id: r.id, parts: r.parts, message: r.message, requestedAt: new Date(r.requested_at), answeredAt: r.answered_at ? new Date(r.answered_at) : null };
  }

  @FieldResolver(() => [String], { description: 'Parties du dossier que vous pouvez modifier maintenant (règles du domaine, limitées aux parties rouvertes).' })
  editableParts(@Root() row: CandidatureRow, @Ctx() ctx: SubgraphContext): Promise<string[]> {
    return editablePartsFor(ctx.db, row, actingRole(ctx.claims, row));
  }

  @Mutation(() => CandidatureMessage, { description: "Écrit un message sur le dossier (porteur ou ARS pivot) ; l'autre partie est prévenue par e-mail." })
  async sendMessage(@Arg('id', () => ID) id: string, @Arg('body') body: string, @Ctx() ctx: SubgraphContext): Promise<CandidatureMessage> {
    const messageId = await sendMessage(ctx, id, body);
    ctx.loaders.clear();
    const all = await this.messages({ id } as CandidatureRow, ctx);
    return all.find((m) => m.id === messageId)!;
  }

  @Mutation(() => Candidature, { description: 'Demande des compléments : seules les parties demandées sont rouvertes au porteur, prévenu par e-mail.' })
  requestComplement(
    @Arg('id', () => ID) id: string,
    @Arg('parts', () => [FilePartEnum]) parts: PorteurPart[],
    @Arg('message') message: string,
    @Ctx() ctx: SubgraphContext,
  ) {
    return requestComplement(ctx, id, parts, message);
  }

  @Mutation(() => Candidature, { description: 'Le porteur envoie ses compléments (message à l’ARS).' })
  answerComplement(@Arg('id', () => ID) id: string, @Arg('message') message: string, @Ctx() ctx: SubgraphContext) {
    return answerComplement(ctx, id, message);
  }

  @Mutation(() => Candidature, { description: 'Rouvre un dossier non recevable (dépôt tardif) pour ajustement, avec un motif tracé.' })
  reopenLateFile(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: SubgraphContext) {
    return reopenLateFile(ctx, id, reason);
  }
}

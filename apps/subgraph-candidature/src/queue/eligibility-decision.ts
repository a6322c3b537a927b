import { badInput, loaderFor, type SubgraphContext } from '@esms/server-kit';
import { Arg, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { insertEvent } from '../candidatures/candidature.repository';
import { eligibilityFor, readableCandidature } from '../candidatures/candidature.service';
import { Candidature, EligibilityItemView } from '../candidatures/candidature.types';
import { instructedCandidature } from './access';

/* eslint-disable @typescript-eslint/no-explicit-any */

export enum WarningDecision {
  ACCEPTED = 'ACCEPTED',
  REFUSED = 'REFUSED',
}
registerEnumType(WarningDecision, { name: 'WarningDecision', description: "Décision motivée de l'instructeur sur un point de vigilance." });

@ObjectType({ description: "Décision motivée de l'instructeur sur un point de vigilance (WARNING) du rapport d'éligibilité." })
export class EligibilityDecisionView {
  @Field() code!: string;
  @Field(() => String, { nullable: true }) finess!: string | null;
  @Field(() => WarningDecision) decision!: WarningDecision;
  @Field() justification!: string;
  @Field(() => String, { nullable: true, description: 'Compte de l’instructeur (masqué pour le porteur).' }) decidedBy!: string | null;
  @Field(() => GraphQLDateTimeISO) decidedAt!: Date;
}

type ItemRoot = EligibilityItemView & { candidatureId?: string };

const decisionsLoader = (ctx: SubgraphContext) =>
  loaderFor<string, EligibilityDecisionView[]>(ctx, 'eligibility:decisions', async (ids) => {
    const rows: any[] = await ctx.db.query(`SELECT * FROM eligibility_decision WHERE candidature_id = ANY($1::uuid[]) ORDER BY decided_at`, [[...ids]]);
    const porteur = ctx.claims.role === 'PORTEUR';
    const grouped = new Map<string, EligibilityDecisionView[]>();
    for (const r of rows) {
      const view: EligibilityDecisionView = {
        code: r.code,
        finess: r.finess || null,
        decision: r.decision,
        justification: r.justification,
        decidedBy: porteur ? null : r.decided_by,
        decidedAt: new Date(r.decided_at),
      };
      grouped.set(String(r.candidature_id), [...(grouped.get(String(r.candidature_id)) ?? []), view]);
    }
    return ids.map((id) => grouped.get(id) ?? []);
  });

@Resolver(() => EligibilityItemView)
export class EligibilityItemDecisionResolver {
  @FieldResolver(() => EligibilityDecisionView, { nullable: true, description: "Décision de l'instructeur sur ce point de vigilance (WARNING)." })
  async decision(@Root() item: ItemRoot, @Ctx() ctx: SubgraphContext): Promise<EligibilityDecisionView | null> {
    if (item.severity !== 'WARNING' || !item.candidatureId) return null;
    const all = (await decisionsLoader(ctx).load(item.candidatureId)) ?? [];
    return all.find((d) => d.code === item.code && (d.finess ?? null) === (item.finess ?? null)) ?? null;
  }
}

@Resolver(() => Candidature)
export class EligibilityDecisionResolver {
  @FieldResolver(() => [EligibilityDecisionView], { description: 'Décisions motivées sur les points de vigilance.' })
  async eligibilityDecisions(@Root() row: { id: string }, @Ctx() ctx: SubgraphContext): Promise<EligibilityDecisionView[]> {
    return (await decisionsLoader(ctx).load(row.id)) ?? [];
  }

  @Mutation(() => Candidature, { description: "Accepte ou refuse, avec une justification, un point de vigilance (WARNING) du rapport d'éligibilité." })
  async recordEligibilityDecision(
    @Arg('id', () => ID) id: string,
    @Arg('code') code: string,
    @Arg('finess', () => String, { nullable: true }) finess: string | null,
    @Arg('decision', () => WarningDecision) decision: WarningDecision,
    @Arg('justification') justification: string,
    @Ctx() ctx: SubgraphContext,
  ) {
    const { row, role } = await instructedCandidature(ctx, id);
    const text = justification.trim();
    if (text.length < 10 || text.length > 4000) throw badInput('Justifiez la décision (entre 10 et 4 000 caractères).', { field: 'justification' });
    const f = finess?.trim().toUpperCase() || null;
    const report = await eligibilityFor(ctx, row);
    const item = report.items.find((i) => i.code === code && i.severity === 'WARNING' && ((i as { finess?: string }).finess ?? null) === f);
    if (!item) {
      throw badInput(`Le rapport d'éligibilité ne contient pas de point de vigilance ${code}${f ? ` pour l'ESSMS ${f}` : ''} : choisissez un point WARNING du rapport.`, {
        field: 'code',
      });
    }
    await ctx.db.transaction(async (m) => {
      const previous: any[] = await m.query(`SELECT decision, justification FROM eligibility_decision WHERE candidature_id = $1 AND code = $2 AND finess = $3`, [row.id, code, f ?? '']);
      await m.query(
        `INSERT INTO eligibility_decision (candidature_id, code, finess, decision, justification, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (candidature_id, code, finess) DO UPDATE SET decision = EXCLUDED.decision, justification = EXCLUDED.justification, decided_by = EXCLUDED.decided_by, decided_at = now()`,
        [row.id, code, f ?? '', decision, text, ctx.claims.sub],
      );
      await insertEvent(m, {
        candidatureId: row.id,
        actorId: ctx.claims.sub,
        actorRole: role,
        action: 'eligibility_decision',
        fromState: row.state,
        toState: row.state,
        details: { code, finess: f, decision, comment: `${code}${f ? ` (${f})` : ''} : ${decision === 'ACCEPTED' ? 'accepté' : 'refusé'} — ${text}`, before: previous[0] ?? null },
      });
    });
    ctx.loaders.clear();
    return readableCandidature(ctx, row.id);
  }
}

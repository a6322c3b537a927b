import type { SubgraphContext } from '@esms/server-kit';
import { Ctx, Field, ID, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { ProgrammeActorRow } from './programme-actor.entity';

export enum ProgrammeActorLevel {
  REGIONAL = 'REGIONAL',
  NATIONAL = 'NATIONAL',
}
registerEnumType(ProgrammeActorLevel, { name: 'ProgrammeActorLevel', description: 'Niveau d’intervention : régional ou national.' });

@ObjectType({ description: 'Un acteur du programme et son rôle (guide pas à pas, 000).' })
export class ProgrammeActor {
  @Field(() => ID) id!: string;
  @Field() acronym!: string;
  @Field() name!: string;
  @Field() role!: string;
  @Field(() => ProgrammeActorLevel) level!: ProgrammeActorLevel;
}

@Resolver(() => ProgrammeActor)
export class ProgrammeActorResolver {
  @Query(() => [ProgrammeActor], { description: 'Qui fait quoi dans le programme (ARS, GRADeS, CNSA, ANS…). Public.' })
  async programmeActors(@Ctx() ctx: SubgraphContext): Promise<ProgrammeActor[]> {
    const rows = await ctx.db.getRepository(ProgrammeActorRow).find({ order: { position: 'ASC' } });
    return rows.map((r) => ({ id: r.id, acronym: r.acronym, name: r.name, role: r.role, level: r.level as ProgrammeActorLevel }));
  }
}

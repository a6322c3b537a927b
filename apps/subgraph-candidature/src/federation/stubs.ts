import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Region, owned by the annuaire; this subgraph adds `Region.candidatures` (resolvable here from its key). */
@Directive('@key(fields: "code")')
@ObjectType()
export class Region {
  @Field(() => ID) code!: string;
}

/** ESSMS owned by the annuaire: key only. */
@Directive('@key(fields: "finess", resolvable: false)')
@ObjectType()
export class Establishment {
  @Field(() => ID) finess!: string;
}

/** Organisme gestionnaire owned by the annuaire: key only. */
@Directive('@key(fields: "finessEj", resolvable: false)')
@ObjectType()
export class OrganismeGestionnaire {
  @Field(() => ID) finessEj!: string;
}

/** DUI solution of the catalogue owned by the annuaire: key only. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class DuiSolution {
  @Field(() => ID) id!: string;
}

export const regionRef = (code: string | null | undefined): Region | null => (code ? { code } : null);

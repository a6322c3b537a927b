import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { Desk, EssmsSituation } from '../shared/enums';

@InputType({ description: 'Un ESSMS de la grappe simulée.' })
export class SimulatedEssmsInput {
  @Field({ description: 'FINESS géographique ; chaque numéro compte une fois.' }) finess!: string;
  @Field(() => String, { nullable: true, description: 'Code INSEE de la région ; déduit du département du FINESS sinon.' }) regionCode?: string | null;
  @Field(() => EssmsSituation) situation!: EssmsSituation;
  @Field(() => String, { nullable: true, description: 'FINESS juridique de son organisme gestionnaire (règle des petits organismes).' })
  organismeFinessEj?: string | null;
  @Field(() => Int, { nullable: true, description: 'Devis matériel et infrastructure, en euros.' }) hardwareQuote?: number | null;
  @Field(() => Float, { nullable: true, description: "SAAD : total des heures de l'année N-1." }) saadTotalHours?: number | null;
  @Field(() => Float, { nullable: true, description: 'SAAD : heures financées par le CD ou les caisses de retraite (APA, PCH, autres).' })
  saadMedicoSocialHours?: number | null;
}

@InputType()
export class FundingSimulationInput {
  @Field(() => [SimulatedEssmsInput]) essms!: SimulatedEssmsInput[];
  @Field(() => Boolean, { nullable: true, defaultValue: false }) amoa?: boolean | null;
}

@ObjectType()
export class FundingLine {
  @Field() finess!: string;
  @Field(() => Int) rank!: number;
  @Field(() => EssmsSituation) situation!: EssmsSituation;
  @Field(() => Int) usages!: number;
  @Field(() => Int) software!: number;
  @Field(() => Int) hardware!: number;
  @Field(() => Float) prorata!: number;
}

@ObjectType({ description: 'Subvention forfaitaire calculée par les règles du programme (003 §4.4), en euros entiers.' })
export class FundingSimulation {
  @Field(() => Int) essmsCount!: number;
  @Field(() => Int) regionCount!: number;
  @Field(() => Desk) desk!: Desk;
  @Field() multiregional!: boolean;
  @Field(() => Int) usages!: number;
  @Field(() => Int) software!: number;
  @Field(() => Int) hardware!: number;
  @Field(() => Int) amoa!: number;
  @Field(() => Int) total!: number;
  @Field(() => Int) advance!: number;
  @Field(() => Int) balance!: number;
  @Field(() => [FundingLine]) lines!: FundingLine[];
  @Field(() => [String]) notices!: string[];
}

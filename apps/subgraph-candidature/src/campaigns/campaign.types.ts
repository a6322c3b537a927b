import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Region } from '../federation/stubs';
import { PeriodStatus, TrackKind } from '../shared/enums';

@ObjectType({ description: 'Fenêtre de sélection : un dossier est rattaché à la fenêtre de son dépôt.' })
export class SelectionWindow {
  @Field() code!: string;
  @Field({ description: 'AAAA-MM-JJ, heure de Paris.' }) opensOn!: string;
  @Field({ description: 'AAAA-MM-JJ, jusqu’à 23:59:59 heure de Paris.' }) closesOn!: string;
  @Field(() => PeriodStatus) status!: PeriodStatus;
}

@ObjectType()
export class CampaignTrack {
  @Field(() => TrackKind) kind!: TrackKind;
  @Field() label!: string;
  @Field() opensOn!: string;
  @Field() closesOn!: string;
  @Field(() => PeriodStatus) status!: PeriodStatus;
  @Field(() => [SelectionWindow]) windows!: SelectionWindow[];
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "Appel à projets ESMS numérique d'une ARS." })
export class Campaign {
  @Field(() => ID) id!: string;
  @Field() label!: string;
  @Field(() => Int) year!: number;
  @Field() regionCode!: string;
  @Field(() => Region) region!: Region;
  @Field({ description: 'Texte source du calendrier.' }) source!: string;
  @Field(() => PeriodStatus, { description: 'Statut global : ouvert si au moins un calendrier est ouvert.' }) status!: PeriodStatus;
  @Field(() => [CampaignTrack]) tracks!: CampaignTrack[];
}

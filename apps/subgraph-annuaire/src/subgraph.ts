import 'reflect-metadata';
import type { InternalRoute, SubgraphDefinition } from '@esms/server-kit';
import { ProgrammeActorRow } from './actors/programme-actor.entity';
import { ProgrammeActorResolver } from './actors/programme-actor.resolver';
import { DuiSolutionChangeRow, DuiSolutionRow } from './catalogue/dui-solution.entity';
import { DuiSolutionResolver, duiSolutionReference } from './catalogue/dui-solution.resolver';
import { EstablishmentRow, FinessImportRow } from './establishments/establishment.entity';
import { EstablishmentResolver, establishmentReference } from './establishments/establishment.resolver';
import { duiSolutionsFacts } from './catalogue/internal-routes';
import { establishmentsFacts, establishmentsLookup } from './establishments/internal-routes';
import { establishmentsFields, establishmentsTotals } from './establishments/national-totals';
import { EditorTokenResolver, IdentityResolver, RegionInstructeursResolver, identityEntities, identityInternalRoutes } from './identity';
import { AnnuaireSchema1767225600000 } from './migrations/1767225600000-annuaire-schema';
import { Identity1767225600100 } from './migrations/1767225600100-identity';
import { OutboxEmail1767225600200 } from './migrations/1767225600200-outbox-email';
import { organismesSizes } from './organismes/internal-routes';
import { OrganismeRow } from './organismes/organisme.entity';
import { OrganismeResolver, organismeReference } from './organismes/organisme.resolver';
import { ArsContactRow, DepartementRow, GradesRow, RegionRow } from './regions/region.entity';
import { RegionResolver, regionReference } from './regions/region.resolver';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-function-type */
type Class = new (...args: any[]) => any;

/** TypeORM entities of the annuaire database (append yours). */
export const entities: Class[] = [
  RegionRow,
  DepartementRow,
  ArsContactRow,
  GradesRow,
  ProgrammeActorRow,
  OrganismeRow,
  EstablishmentRow,
  FinessImportRow,
  DuiSolutionRow,
  DuiSolutionChangeRow,
  ...identityEntities,
];

/** Migrations, in order (append yours). */
export const migrations: Class[] = [AnnuaireSchema1767225600000, Identity1767225600100, OutboxEmail1767225600200];

/** type-graphql resolvers (append yours). */
export const resolvers: Function[] = [RegionResolver, ProgrammeActorResolver, EstablishmentResolver, OrganismeResolver, DuiSolutionResolver, IdentityResolver, EditorTokenResolver, RegionInstructeursResolver];

/** Federation entity resolution, batched (append yours). */
export const referenceResolvers: SubgraphDefinition['referenceResolvers'] = {
  Region: regionReference,
  Establishment: establishmentReference,
  OrganismeGestionnaire: organismeReference,
  DuiSolution: duiSolutionReference,
};

/** /internal/<route> endpoints for the gateway and the other subgraphs (SERVICE claims; append yours). */
export const internalRoutes: Record<string, InternalRoute> = {
  'establishments/lookup': establishmentsLookup,
  'establishments/facts': establishmentsFacts,
  'establishments/totals': establishmentsTotals,
  'establishments/fields': establishmentsFields,
  'dui-solutions/facts': duiSolutionsFacts,
  'organismes/sizes': organismesSizes,
  ...identityInternalRoutes,
};

export const definition: SubgraphDefinition = {
  name: 'annuaire',
  resolvers: resolvers as SubgraphDefinition['resolvers'],
  referenceResolvers,
};

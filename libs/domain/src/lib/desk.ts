/** Which desk (guichet de dépôt) receives a project (003 §4.3; domain-rules §2). */
import { DomainValidationError } from './errors';

export type Desk = 'REGIONAL' | 'NATIONAL';

export interface DeskInput {
  finess: string;
  regionCode: string;
}

export interface DeskOptions {
  /** The pivot ARS chosen by the porteur (must be one of the ESSMS regions). */
  pivotRegion?: string;
  /** The organisme gestionnaire's head-office region, used to break ties for the default pivot. */
  headOfficeRegion?: string;
}

export interface DeskResult {
  desk: Desk;
  multiregional: boolean;
  /** Unique FINESS géographiques. */
  essmsCount: number;
  /** Distinct regions, sorted. */
  regions: string[];
  /** The ARS that receives the file: the single region, or the pivot of a multiregional regional file; null at the national desk or without ESSMS. */
  pivotRegion: string | null;
  /** Regions the porteur may choose as pivot (empty when there is nothing to choose). */
  allowedPivots: string[];
  /** Which calendar track applies (003 §4.6: multiregional projects have their own calendar). */
  track: 'regional' | 'multiregional';
}

/** 003 §4.3: 50 unique FINESS or more, in more than one region → national desk. */
export const DESK_RULES = { nationalThreshold: 50 } as const;

/**
 * 003 §4.3. Platform decisions: the default pivot is the region holding most ESSMS, ties → the head-office
 * region, then the lowest region code; a chosen pivot outside the ESSMS regions is an error.
 */
export function deskFor(essms: DeskInput[], options: DeskOptions = {}): DeskResult {
  const perRegion = new Map<string, number>();
  const seen = new Set<string>();
  for (const e of essms) {
    const finess = e.finess.trim().toUpperCase();
    if (seen.has(finess)) continue;
    seen.add(finess);
    perRegion.set(e.regionCode, (perRegion.get(e.regionCode) ?? 0) + 1);
  }
  const regions = [...perRegion.keys()].sort();
  const essmsCount = seen.size;
  const multiregional = regions.length > 1;
  const desk: Desk = multiregional && essmsCount >= DESK_RULES.nationalThreshold ? 'NATIONAL' : 'REGIONAL';
  const track = multiregional ? 'multiregional' : 'regional';
  const allowedPivots = desk === 'REGIONAL' && multiregional ? regions : [];

  if (options.pivotRegion !== undefined && !regions.includes(options.pivotRegion)) {
    throw new DomainValidationError(
      'pivotRegion',
      `La région pivot ${options.pivotRegion} ne compte aucun ESSMS du projet : choisissez-la parmi ${regions.join(', ') || 'les régions des ESSMS'}.`,
    );
  }
  let pivotRegion: string | null = null;
  if (desk === 'REGIONAL' && regions.length === 1) pivotRegion = regions[0];
  if (desk === 'REGIONAL' && multiregional) {
    if (options.pivotRegion) pivotRegion = options.pivotRegion;
    else {
      const max = Math.max(...perRegion.values());
      const tied = regions.filter((r) => perRegion.get(r) === max);
      pivotRegion = options.headOfficeRegion && tied.includes(options.headOfficeRegion) ? options.headOfficeRegion : tied[0];
    }
  }
  return { desk, multiregional, essmsCount, regions, pivotRegion, allowedPivots, track };
}

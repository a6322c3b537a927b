import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkFiness } from '@esms/domain';

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface DemoEssms {
  finess: string;
  name: string;
  category: string;
  regionCode: string;
}
export interface DemoOrganisme {
  finessEj: string;
  name: string;
  regionCode: string | null;
  essms: DemoEssms[];
}

export const DEMO_STRUCTURES_PATH = process.env['ESMS_DEMO_STRUCTURES'] ?? resolve(__dirname, '../../../../tools/demo-data/demo-structures.json');

const code = (v: any): string => (v && typeof v === 'object' ? String(v.code ?? '') : String(v ?? ''));

/** Reads the demo FiNESS flow (pmej → ege); only active ESSMS (health establishments such as 365 are left out). */
export function readDemoStructures(path = DEMO_STRUCTURES_PATH): DemoOrganisme[] | null {
  if (!existsSync(path)) return null;
  const data = JSON.parse(readFileSync(path, 'utf8')) as any;
  return (data.pmej ?? []).map((o: any): DemoOrganisme => {
    const info = o.informationsGeneralesPmej ?? o.informationsGeneralesPMEJ ?? {};
    const finessEj = String(info.numFinessPm ?? '');
    const ej = checkFiness(finessEj);
    const essms = (o.ege ?? [])
      .filter((e: any) => code(e.etatObjet) !== 'I')
      .map((e: any) => {
        const g = e.informationsGeneralesEGE ?? e.informationsGeneralesEge ?? {};
        const c = checkFiness(String(g.numFinessEge ?? ''));
        return c.ok && c.regionCode
          ? { finess: c.finess, name: String(g.nomEgeLong ?? g.nomEgeCourt ?? c.finess), category: code(e.categorieEntiteGeographiqueExercice ?? e.categorieentiteGeographiqueExercice), regionCode: c.regionCode }
          : null;
      })
      .filter((e: DemoEssms | null): e is DemoEssms => !!e && e.category !== '365')
      .sort((a: DemoEssms, b: DemoEssms) => a.finess.localeCompare(b.finess));
    return { finessEj: ej.ok ? ej.finess : finessEj, name: String(info.denominationPm ?? info.denominationLonguePmSmsse ?? finessEj), regionCode: ej.ok ? ej.regionCode : null, essms };
  });
}

/** The demo porteur's organisme: the first organisme of région 28 in the file (the annuaire's identity uses the same rule). */
export function demoPorteurOrganisme(organismes: DemoOrganisme[]): DemoOrganisme | null {
  return organismes.find((o) => o.regionCode === '28') ?? null;
}

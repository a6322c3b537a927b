/**
 * npm run import:finess -- <flux.json>
 * Imports a FiNESS "structures" flow into the annuaire database (same database as the subgraph:
 * DATABASE_URL_ANNUAIRE / DATABASE_URL, else PGlite under ./data/annuaire) and prints the counts.
 */
import 'reflect-metadata';
import { openDatabase } from '@esms/server-kit';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { syncReferenceData } from '../regions/reference-sync';
import { entities, migrations } from '../subgraph';
import { applyFinessImport, describeImport } from './apply-import';
import { FinessFlowError, parseFinessFlow } from './finess-flow';

export async function runImportCommand(args: string[], out: (line: string) => void = console.log): Promise<number> {
  const file = args[0];
  if (!file) {
    out('Usage : npm run import:finess -- <fichier-flux-finess.json>');
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (error) {
    out(`Impossible de lire « ${file} » comme un fichier JSON : ${(error as Error).message}`);
    return 1;
  }
  let parsed;
  try {
    parsed = parseFinessFlow(json);
  } catch (error) {
    if (error instanceof FinessFlowError) {
      out(error.message);
      return 1;
    }
    throw error;
  }
  const db = await openDatabase({ name: 'annuaire', entities, migrations });
  try {
    await syncReferenceData(db.dataSource);
    const generatedAt = (json as { generatedAt?: unknown }).generatedAt;
    const result = await applyFinessImport(db.dataSource, parsed, {
      fileName: basename(file),
      flowGeneratedAt: typeof generatedAt === 'string' ? generatedAt : null,
      importedBy: 'import-command',
    });
    out(describeImport(result));
    for (const s of parsed.skipped.slice(0, 20)) out(`  ignoré ${s.id} : ${s.reason}`);
    if (parsed.skipped.length > 20) out(`  … et ${parsed.skipped.length - 20} autre(s).`);
    for (const w of parsed.warnings.slice(0, 20)) out(`  avertissement ${w.id} : ${w.message}`);
    return 0;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  runImportCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error('Import FiNESS interrompu :', error);
      process.exit(1);
    },
  );
}

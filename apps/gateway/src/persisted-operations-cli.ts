/** `nx run gateway:persisted-operations`: writes persisted-operations.json, the allow-list of the apps' operations. */
import { writeFileSync } from 'node:fs';
import { MANIFEST_PATH, buildManifest, operationSourceFiles, relativeSources } from './persisted-operations';

const files = operationSourceFiles();
const manifest = buildManifest(files);
writeFileSync(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${Object.keys(manifest.operations).length} opérations autorisées écrites dans ${MANIFEST_PATH} (depuis ${relativeSources(files).join(', ')}).`);

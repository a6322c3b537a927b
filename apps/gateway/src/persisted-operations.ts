/**
 * The allow-list of the web apps' own GraphQL operations ("persisted queries", SECURITY.md).
 *
 * `persisted-operations.json` (beside supergraph.graphql) is generated from every `gql` document of
 * libs/graphql-client and apps/web-* (`nx run gateway:persisted-operations`; a gateway test fails when
 * it is stale). A document is identified by the SHA-256 of its normalised text (parsed, `__typename`
 * selections removed — Apollo Client adds them —, printed). Known operations skip the armor limits;
 * in production, unknown operations from browsers are refused (API clients with a bearer token may
 * send any operation within the limits).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Kind, parse, print, visit, type DocumentNode } from 'graphql';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');
export const MANIFEST_PATH = join(WORKSPACE_ROOT, 'apps/gateway/persisted-operations.json');

export interface OperationManifest {
  /** sha256 of the normalised document → the normalised document. */
  operations: Record<string, string>;
}

function stripTypename(document: DocumentNode): DocumentNode {
  return visit(document, {
    Field(node) {
      return node.name.value === '__typename' && !node.alias ? null : undefined;
    },
  });
}

/** The normalised text of a document (null when it does not parse). */
export function normalizeOperation(query: string | DocumentNode): string | null {
  try {
    const document = typeof query === 'string' ? parse(query, { noLocation: true, maxTokens: 50_000 }) : query;
    return print(stripTypename(document));
  } catch {
    return null;
  }
}

export const operationHash = (normalized: string) => createHash('sha256').update(normalized).digest('hex');

/** The files whose exported `gql` documents are the apps' operations. */
export function operationSourceFiles(root = WORKSPACE_ROOT): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'node_modules') walk(path);
      } else if (/\.tsx?$/.test(entry) && !/\.(spec|test)\.tsx?$/.test(entry) && readFileSync(path, 'utf8').includes('gql`')) files.push(path);
    }
  };
  walk(join(root, 'libs/graphql-client/src'));
  for (const app of readdirSync(join(root, 'apps')).filter((a) => a.startsWith('web-'))) walk(join(root, 'apps', app, 'src'));
  return files.sort();
}

/** Loads each file (TypeScript, through the caller's require hook) and hashes its exported operations. */
export function buildManifest(files = operationSourceFiles()): OperationManifest {
  const operations: Record<string, string> = {};
  for (const file of files) {
    const exports = require(file) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      const document = value as DocumentNode | undefined;
      if (!document || typeof document !== 'object' || document.kind !== Kind.DOCUMENT) continue;
      if (!document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION)) continue; // fragments alone
      const normalized = normalizeOperation(document);
      if (normalized) operations[operationHash(normalized)] = normalized;
    }
  }
  return { operations: Object.fromEntries(Object.entries(operations).sort(([a], [b]) => a.localeCompare(b))) };
}

export const relativeSources = (files: string[]) => files.map((f) => relative(WORKSPACE_ROOT, f));

export class OperationAllowList {
  private readonly known = new Map<string, boolean>();
  constructor(private readonly operations: Record<string, string> = {}) {}

  static load(path = MANIFEST_PATH): OperationAllowList {
    if (!existsSync(path)) return new OperationAllowList();
    return new OperationAllowList((JSON.parse(readFileSync(path, 'utf8')) as OperationManifest).operations);
  }

  get size(): number {
    return Object.keys(this.operations).length;
  }

  /** The document of a known hash (`extensions.persistedQuery.sha256Hash`). */
  byHash(hash: string): string | undefined {
    return Object.hasOwn(this.operations, hash) ? this.operations[hash] : undefined;
  }

  /** Whether this query text is one of the apps' operations (cached per text, bounded). */
  isKnown(query: string | undefined | null): boolean {
    if (!query || this.size === 0) return false;
    const cached = this.known.get(query);
    if (cached !== undefined) return cached;
    const normalized = normalizeOperation(query);
    const known = normalized !== null && this.byHash(operationHash(normalized)) !== undefined;
    if (this.known.size > 5000) this.known.clear();
    this.known.set(query, known);
    return known;
  }
}

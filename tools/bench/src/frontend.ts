/* Front-end weight: the JavaScript a browser loads before the first screen, gzip-compressed. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const WEB_APPS = ['web-porteur', 'web-instructeur', 'web-cnsa'] as const;

/** The scripts of index.html loaded up front: module entry scripts and their `modulepreload`s. */
export function initialScripts(indexHtml: string): string[] {
  const found = new Set<string>();
  for (const tag of indexHtml.match(/<script\b[^>]*>/g) ?? []) {
    const src = /\bsrc="([^"]+\.js)"/.exec(tag)?.[1];
    if (src) found.add(src);
  }
  for (const tag of indexHtml.match(/<link\b[^>]*>/g) ?? []) {
    if (!/\brel="modulepreload"/.test(tag)) continue;
    const href = /\bhref="([^"]+\.js)"/.exec(tag)?.[1];
    if (href) found.add(href);
  }
  return [...found];
}

export interface AppWeight {
  app: string;
  files: { file: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
  error?: string;
}

/** Reads a built app (dist/apps/<app>) and gzips its initial scripts (zlib level 9, like the build report). */
export function measureApp(workspaceRoot: string, app: string): AppWeight {
  const dist = join(workspaceRoot, 'dist/apps', app);
  const indexPath = join(dist, 'index.html');
  if (!existsSync(indexPath)) return { app, files: [], gzipBytes: NaN, error: `no ${indexPath}` };
  const files = initialScripts(readFileSync(indexPath, 'utf8')).map((src) => {
    const content = readFileSync(join(dist, src.replace(/^\//, '')));
    return { file: src, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  return { app, files, gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0) };
}

/** `nx run-many -t build` for the three apps (Nx may serve it from its cache), then their weights. */
export function buildAndMeasure(workspaceRoot: string): { weights: AppWeight[]; buildError?: string } {
  let buildError: string | undefined;
  try {
    execFileSync('npx', ['nx', 'run-many', '-t', 'build', '-p', ...WEB_APPS, '--outputStyle=static'], {
      cwd: workspaceRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 300_000,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    buildError = `${e.message}\n${(e.stdout ?? '').slice(-2000)}${(e.stderr ?? '').slice(-2000)}`;
  }
  return { weights: WEB_APPS.map((app) => measureApp(workspaceRoot, app)), buildError };
}

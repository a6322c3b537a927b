import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves /graphql, /auth and /files; proxying them keeps the session cookie same-origin.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
const proxy: Record<string, ProxyOptions> = {
  '/graphql': { target: gateway },
  '^/auth/': { target: gateway },
  '^/files/': { target: gateway },
};

/**
 * @esms/domain reads the INSEE lists with `require('…json')` (fine under Node and jest); the browser has no
 * `require`, so turn those calls into JSON imports when Vite bundles the rules (checkFiness runs client-side).
 */
function domainJsonRequires(): Plugin {
  return {
    name: 'esms-domain-json-requires',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/libs/domain/') || !code.includes('require(')) return null;
      const imports: string[] = [];
      const out = code.replace(/require\((['"])([^'"]+\.json)\1\)/g, (_match, _quote, path: string) => {
        const name = `__esmsDomainJson${imports.length}`;
        imports.push(`import ${name} from '${path}';`);
        return name;
      });
      return imports.length ? { code: `${imports.join('\n')}\n${out}`, map: null } : null;
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/web-porteur',
  resolve: { tsconfigPaths: true },
  plugins: [domainJsonRequires(), react()],
  server: { port: 4200, strictPort: true, host: '127.0.0.1', proxy },
  preview: { port: 4200, strictPort: true, host: '127.0.0.1', proxy },
  build: { outDir: '../../dist/apps/web-porteur', emptyOutDir: true, reportCompressedSize: false },
});

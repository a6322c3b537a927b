import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves /graphql, /auth and /files; proxying them keeps the session cookie same-origin.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
const proxy: Record<string, ProxyOptions> = {
  '/graphql': { target: gateway },
  '^/auth/': { target: gateway },
  '^/files/': { target: gateway },
};

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/web-porteur',
  resolve: { tsconfigPaths: true },
  plugins: [react()],
  server: { port: 4200, strictPort: true, host: '127.0.0.1', proxy },
  preview: { port: 4200, strictPort: true, host: '127.0.0.1', proxy },
  build: { outDir: '../../dist/apps/web-porteur', emptyOutDir: true, reportCompressedSize: false },
});

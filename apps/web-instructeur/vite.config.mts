import { defineConfig, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves /graphql and /auth; proxying them keeps the session cookie same-origin.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
const proxy: Record<string, ProxyOptions> = {
  '/graphql': { target: gateway },
  '^/auth/': { target: gateway },
  // Exports, pieces and decision letters are served by the gateway's /files/* proxy.
  '^/files/': { target: gateway },
};

export default defineConfig({
  root: import.meta.dirname,
  cacheDir: '../../node_modules/.vite/apps/web-instructeur',
  resolve: { tsconfigPaths: true },
  plugins: [react()],
  server: { port: 4201, strictPort: true, host: '127.0.0.1', proxy },
  preview: { port: 4201, strictPort: true, host: '127.0.0.1', proxy },
  build: { outDir: '../../dist/apps/web-instructeur', emptyOutDir: true, reportCompressedSize: false },
});

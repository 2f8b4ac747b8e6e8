// The admin dashboard's build: served by the API under /admin, hashed assets under assets/.
// `npm run dev:admin` proxies the API on PORT (from the environment or .env, as npm start).
import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

const repository = path.resolve(import.meta.dirname, '../..');
const fromDotEnv = fs.existsSync(path.join(repository, '.env')) ? loadEnv('development', repository, '').PORT : undefined;
const api = `http://localhost:${process.env.PORT ?? fromDotEnv ?? '3000'}`;

export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: true },
  server: { proxy: { '/v1': api, '/dev-idp': api, '/admin/config.json': api } },
});

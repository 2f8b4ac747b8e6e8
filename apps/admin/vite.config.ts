// The admin dashboard's build: served by the API under /admin, hashed assets under assets/.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', sourcemap: true },
  server: { proxy: { '/v1': 'http://localhost:3000', '/dev-idp': 'http://localhost:3000', '/admin/config.json': 'http://localhost:3000' } },
});

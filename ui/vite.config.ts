// Builds the portal into the Django app's static folder with fixed file names,
// so the page template can name them without a manifest.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Every lucide icon by name, loaded lazily as its own chunk: item icons are
// data (any lucide name an admin picks), the portal's own icons stay static.
const allIcons = fileURLToPath(
  new URL('./node_modules/lucide-preact/dist/esm/icons/index.mjs', import.meta.url),
);

export default defineConfig({
  resolve: { alias: { 'lucide-all-icons': allIcons } },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  base: './',
  build: {
    outDir: '../forge_catalog/portal/static/forge_catalog/dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200, // the lazy icon chunk; the page itself is ~50 kB
    rollupOptions: {
      input: 'src/main.tsx',
      output: {
        entryFileNames: 'portal.js',
        chunkFileNames: 'portal-[name].js',
        assetFileNames: 'portal[extname]',
      },
    },
  },
});

// The alias in vite.config.ts: lucide-preact's icon index (name -> component).
declare module 'lucide-all-icons' {
  import type { Package } from 'lucide-preact';
  const icons: Record<string, typeof Package>;
  export = icons;
}

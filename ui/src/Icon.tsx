// A catalog item's lucide icon by its kebab-case name ("server-cog"). The full
// icon set is one lazy chunk, fetched once (and asked for as soon as this
// module loads); a neutral icon stands for names this lucide version does not know.
import { useEffect, useState } from 'preact/hooks';
import { Package } from 'lucide-preact';

type IconComp = typeof Package;
let loaded: Record<string, IconComp> | null = null;
let loading: Promise<Record<string, IconComp>> | null = null;

function loadIcons(): Promise<Record<string, IconComp>> {
  loading =
    loading ||
    import('lucide-all-icons').then((m) => {
      loaded = m as unknown as Record<string, IconComp>;
      return loaded;
    });
  return loading;
}

loadIcons().catch(() => undefined);

function pascal(name: string): string {
  return name
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

export function ItemIcon({ name, size = 28 }: { name: string; size?: number }) {
  const [icons, setIcons] = useState(loaded);
  useEffect(() => {
    if (!icons) loadIcons().then(setIcons, () => undefined);
  }, []);
  // Until the icon set arrives an empty slot of the same size holds the place
  // (no placeholder icon flashing in and out); an unknown name shows Package.
  if (!icons) return <span class="icon-slot" style={{ width: size, height: size }} aria-hidden="true" data-icon={name} />;
  const Comp = icons[pascal(name || '')] || Package;
  return <Comp size={size} aria-hidden="true" focusable="false" data-icon={name} />;
}

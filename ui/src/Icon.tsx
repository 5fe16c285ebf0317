// A catalog item's lucide icon by its kebab-case name ("server-cog"). The full
// icon set is one lazy chunk, fetched once; a neutral icon stands in until it
// arrives and for names this lucide version does not know.
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
  const Comp = (icons && icons[pascal(name || '')]) || Package;
  return <Comp size={size} aria-hidden="true" focusable="false" data-icon={name} />;
}

// Favourites live on the server, per user (POST/DELETE .../favorite/).
import { api } from './api';

export async function setFavorite(itemId: number, on: boolean): Promise<boolean> {
  const r = await api<{ favorite: boolean }>(`service_catalog_items/${itemId}/favorite/`, {
    method: on ? 'POST' : 'DELETE',
  });
  return r.favorite;
}

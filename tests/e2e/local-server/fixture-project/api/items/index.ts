import type { VercelRequest, VercelResponse } from '@vercel/node';

/** `index` names its folder: served at `/api/items`. */
export default function items(_req: VercelRequest, res: VercelResponse): void {
  res.json({ items: [] });
}

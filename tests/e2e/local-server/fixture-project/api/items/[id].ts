import type { VercelRequest, VercelResponse } from '@vercel/node';

/** A path segment route: `/api/items/42` → `req.query.id === '42'`. */
export default function item(req: VercelRequest, res: VercelResponse): void {
  res.json({ id: req.query['id'], query: req.query });
}

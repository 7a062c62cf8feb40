import type { VercelRequest, VercelResponse } from '@vercel/node';

/** `_`-prefixed file: Vercel does not deploy it as a function, so the local server must not serve it. */
export default function hidden(_req: VercelRequest, res: VercelResponse): void {
  res.status(200).json({ served: true });
}

import type { VercelRequest, VercelResponse } from '@vercel/node';
import { describeBody } from './_helpers/describe-body.js';

/** Reports what Vercel's helpers made of the request, without the edge wrapper. */
export default function raw(req: VercelRequest, res: VercelResponse): void {
  let body;
  try {
    body = describeBody(req.body);
  } catch (error) {
    res.status(400).json({ error: { code: 'bad_body', message: (error as Error).message } });
    return;
  }
  res.status(200).json({ method: req.method, query: req.query, cookies: req.cookies, body });
}

import type { VercelRequest, VercelResponse } from '@vercel/node';

/** `?to=` redirects; otherwise an HTML string through `res.send`. */
export default function page(req: VercelRequest, res: VercelResponse): void {
  const to = req.query['to'];
  if (typeof to === 'string') {
    res.redirect(to);
    return;
  }
  res.status(202).send('<p>hello</p>');
}

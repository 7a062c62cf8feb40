/** `index` names its folder: served at `/api/items`. Per-method exports, which Vercel also runs: POST is 405. */
export function GET(): Response {
  return Response.json({ items: [] });
}

/** A path segment route: `/api/items/42` reaches the function with `?id=42` added to its URL, as on Vercel. */
export default {
  fetch(request: Request): Response {
    const url = new URL(request.url);
    return Response.json({ id: url.searchParams.get('id'), path: url.pathname, query: Object.fromEntries(url.searchParams) });
  },
};

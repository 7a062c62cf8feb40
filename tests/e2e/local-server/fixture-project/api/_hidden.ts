/** `_`-prefixed file: Vercel does not deploy it as a function, so the local server must not serve it. */
export default {
  fetch: () => Response.json({ served: true }),
};

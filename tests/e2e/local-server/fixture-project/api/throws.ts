/** A function that crashes: the server must answer 500, as Vercel does. */
export default {
  async fetch(): Promise<never> {
    throw new Error('boom');
  },
};

import { z } from 'zod';
import { endpoint, parseBody } from '../../../../../api/_lib/http.js';

/** Goes through the real edge wrapper: admin auth, JSON body validation, error mapping. */
export default endpoint({ methods: ['POST'], auth: 'admin' }, async (req) => ({
  query: req.query,
  cookies: req.cookies,
  body: parseBody(req, z.record(z.string(), z.unknown())),
}));

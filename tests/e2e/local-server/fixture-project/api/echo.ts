import { z } from 'zod';
import { endpoint } from '../../../../../api/_lib/http.js';

/** Goes through the real edge wrapper: admin auth, strict JSON body, error mapping, the invocation's deadline. */
export default endpoint(
  { methods: ['POST'], auth: 'admin', body: z.record(z.string(), z.unknown()), query: z.record(z.string(), z.string()) },
  async ({ body, query, request }, _runtime, invocation) => {
    if (body.boom === true) throw new Error('edge boom with Bearer secret-value');
    return {
    query,
    cookie: request.headers.get('cookie'),
    body,
    deadline: invocation.deadline?.toISOString() ?? null,
    };
  },
);

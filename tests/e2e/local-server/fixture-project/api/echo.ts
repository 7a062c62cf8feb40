import { z } from 'zod';
import { endpoint, parseBody } from '../../../../../api/_lib/http.js';

/** Goes through the real edge wrapper: admin auth, strict JSON body, error mapping, the invocation's deadline. */
export default endpoint({ methods: ['POST'], auth: 'admin' }, async (request, _runtime, invocation) => ({
  query: Object.fromEntries(new URL(request.url).searchParams),
  cookie: request.headers.get('cookie'),
  body: await parseBody(request, z.record(z.string(), z.unknown())),
  deadline: invocation.deadline?.toISOString() ?? null,
}));

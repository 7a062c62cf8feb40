import { describeRequest } from './_helpers/describe-request.js';

/** Reports the Request the function received, without the edge wrapper. */
export default {
  async fetch(request: Request): Promise<Response> {
    return Response.json(await describeRequest(request));
  },
};

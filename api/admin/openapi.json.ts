import { endpoint } from '../_lib/http.js';
import { adminOpenApiDocument } from '../_lib/openapi-document.js';

/** GET the admin API's OpenAPI 3.1 description (public: it holds no data). */
export default endpoint({ methods: ['GET'], auth: 'none' }, async ({ request }) => adminOpenApiDocument(new URL(request.url).origin));

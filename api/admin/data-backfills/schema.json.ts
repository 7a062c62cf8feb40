import { planJsonSchema } from '../../../lib/data-backfills/plan.schema.js';
import { endpoint } from '../../_lib/http.js';

/** GET the plan file's JSON Schema (also kept in docs/data-backfill-plan.schema.json). */
export default endpoint({ methods: ['GET'], auth: 'admin' }, async () => planJsonSchema());

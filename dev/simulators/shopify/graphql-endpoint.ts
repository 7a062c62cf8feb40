/**
 * POST /admin/api/{version}/graphql.json once the token is known: parse and validate the query,
 * price it (query-cost.ts), refuse it over the single-query limit (MAX_COST_EXCEEDED) or when
 * the shop's bucket lacks the requested cost (THROTTLED, HTTP 200 and no data), else run it and
 * refund what it did not spend (https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits).
 * Every priced answer carries `extensions.cost`.
 */
import { execute, getOperationAST, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { SimResponse } from '../_shared/http-io.js';
import type { CostBucket } from './cost-bucket.js';
import { actualCost, requestedCost, type CostInput } from './query-cost.js';
import { rootValue, type ResolverContext } from './resolvers.js';
import { fragmentsOf } from './selection-fields.js';
import { badRequest } from './shopify-errors.js';

export interface GraphqlRequest {
  schema: GraphQLSchema;
  body: string;
  context: ResolverContext;
  bucket: CostBucket;
  maxCost: number;
}

/** What happened, for the stats. */
export type GraphqlOutcome = { kind: 'answered'; actualCost: number } | { kind: 'throttled' } | { kind: 'maxCostExceeded' } | { kind: 'invalid' };

const THROTTLED_DOCS = 'https://shopify.dev/api/usage/rate-limits';

function readBody(body: string): { query: string; variables: Record<string, unknown>; operationName: string | null } | null {
  try {
    const parsed = JSON.parse(body) as { query?: unknown; variables?: unknown; operationName?: unknown };
    if (typeof parsed.query !== 'string' || parsed.query.trim() === '') return null;
    const variables = parsed.variables && typeof parsed.variables === 'object' && !Array.isArray(parsed.variables) ? (parsed.variables as Record<string, unknown>) : {};
    return { query: parsed.query, variables, operationName: typeof parsed.operationName === 'string' ? parsed.operationName : null };
  } catch {
    return null;
  }
}

const errorsOnly = (errors: readonly GraphQLError[]): SimResponse => ({ status: 200, body: { errors: errors.map((error) => error.toJSON()) } });

export async function answerGraphql(request: GraphqlRequest): Promise<{ response: SimResponse; outcome: GraphqlOutcome }> {
  const { schema, context, bucket, maxCost } = request;
  const body = readBody(request.body);
  if (!body) return { response: badRequest(), outcome: { kind: 'invalid' } };
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return { response: errorsOnly([error as GraphQLError]), outcome: { kind: 'invalid' } };
  }
  const validation = validate(schema, document);
  if (validation.length > 0) return { response: errorsOnly(validation), outcome: { kind: 'invalid' } };
  const operation = getOperationAST(document, body.operationName);
  if (!operation) return { response: errorsOnly([new GraphQLError('An operation name is required when a document has several operations.')]), outcome: { kind: 'invalid' } };

  const costInput: CostInput = { schema, operation, fragments: fragmentsOf(document.definitions), variables: body.variables };
  const requested = requestedCost(costInput);
  const now = context.nowMs;
  const cost = (actual: number | null) => ({ cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status(now) } });

  if (requested > maxCost) {
    const message = `Query cost is ${requested}, which exceeds the single query max cost limit (${maxCost}).

See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the
cost of a query is calculated.

To query larger amounts of data with fewer limits, bulk operations should be used instead.
See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.
`;
    const errors = [{ message, extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost } }];
    return { response: { status: 200, body: { errors, extensions: cost(null) } }, outcome: { kind: 'maxCostExceeded' } };
  }
  if (!bucket.tryTake(requested, now)) {
    const errors = [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: THROTTLED_DOCS } }];
    return { response: { status: 200, body: { errors, extensions: cost(null) } }, outcome: { kind: 'throttled' } };
  }

  const result = await execute({ schema, document, rootValue, contextValue: context, variableValues: body.variables, operationName: body.operationName ?? undefined });
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const actual = Math.min(requested, actualCost(costInput, data));
  bucket.refund(requested - actual, now);
  const answer: Record<string, unknown> = {};
  if (result.errors?.length) answer.errors = result.errors.map((error) => error.toJSON());
  answer.data = data;
  answer.extensions = cost(actual);
  return { response: { status: 200, body: answer }, outcome: { kind: 'answered', actualCost: actual } };
}

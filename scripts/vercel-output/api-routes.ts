/**
 * The function table, built the way Vercel builds it from the `api/` folder
 * (https://vercel.com/docs/functions/runtimes/node-js#using-typescript and
 * https://vercel.com/docs/functions#path-segments): every source file is a function at its
 * path without the extension, `index` names its folder, `[name]` segments match one path
 * segment into `req.query.name`, and files or folders starting with `_` are helpers, not
 * functions.
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface ApiRoute {
  /** URL path, e.g. `/api/jobs/dispatch` or `/api/items/[id]`. */
  path: string;
  /** Project-relative source file with forward slashes, e.g. `api/jobs/dispatch.ts`. */
  file: string;
  /** Names of the `[name]` segments, in order. */
  params: string[];
  pattern: RegExp;
}

export interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

const FUNCTION_FILE = /\.(?:ts|mts|js|mjs)$/;
const DYNAMIC_SEGMENT = /^\[([A-Za-z_$][\w$]*)\]$/;

/** The route a project-relative file defines, or undefined when it is not a function. */
export function routeForFile(file: string): ApiRoute | undefined {
  const segments = file.split('/');
  if (segments[0] !== 'api' || segments.length < 2) return undefined;
  if (segments.some((segment) => segment.startsWith('_'))) return undefined;
  const name = segments.at(-1) ?? '';
  if (!FUNCTION_FILE.test(name) || /\.d\.m?ts$/.test(name)) return undefined;
  const urlSegments = [...segments.slice(0, -1), name.replace(FUNCTION_FILE, '')];
  if (urlSegments.at(-1) === 'index') urlSegments.pop();
  const params: string[] = [];
  const patternParts = urlSegments.map((segment) => {
    const param = DYNAMIC_SEGMENT.exec(segment)?.[1];
    if (param === undefined) return escapeRegExp(segment);
    params.push(param);
    return '([^/]+)';
  });
  return {
    path: `/${urlSegments.join('/')}`,
    file,
    params,
    pattern: new RegExp(`^/${patternParts.join('/')}/?$`),
  };
}

/**
 * Routes ordered for matching: a static path wins over a dynamic one (as on Vercel), then
 * fewer dynamic segments, then alphabetical so the order is stable.
 */
export function sortRoutes(routes: ApiRoute[]): ApiRoute[] {
  return [...routes].sort((a, b) => a.params.length - b.params.length || a.path.localeCompare(b.path));
}

export function matchRoute(routes: readonly ApiRoute[], pathname: string): RouteMatch | undefined {
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    route.params.forEach((name, index) => {
      params[name] = safeDecode(match[index + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}

/** Every function under `<projectRoot>/api`, sorted for matching. */
export async function discoverApiRoutes(projectRoot: string): Promise<ApiRoute[]> {
  const apiDir = join(projectRoot, 'api');
  const entries = await readdir(apiDir, { recursive: true, withFileTypes: true });
  const routes = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .map(routeForFile)
    .filter((route): route is ApiRoute => route !== undefined);
  return sortRoutes(routes);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

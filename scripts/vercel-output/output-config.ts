/**
 * The pure parts of the Build Output (https://vercel.com/docs/build-output-api/v3): where a
 * function goes, its `.vc-config.json`, the routes Vercel's zero-config build would have made
 * for `[name]` segments, and the overrides that serve `x/index.html` at `/x`.
 */
import type { ApiRoute } from './api-routes.js';
import type { FunctionSettings } from './vercel-json.js';

/** `api/jobs/dispatch.ts` → `api/jobs/dispatch` (its `.func` folder, relative to `functions/`). */
export function functionPathFor(route: ApiRoute): string {
  return route.file.replace(/\.[cm]?[jt]sx?$/, '');
}

/** `"24.x"` (package.json engines.node) → `nodejs24.x`, the runtime Vercel runs the function on. */
export function nodeRuntimeFor(enginesNode: string | undefined): string {
  const major = /^(\d+)\.x$/.exec(enginesNode ?? '')?.[1];
  if (!major) throw new Error(`package.json engines.node must be "<major>.x" (e.g. "24.x") to pick the function runtime; found ${JSON.stringify(enginesNode)}`);
  return `nodejs${major}.x`;
}

export interface VcConfig {
  runtime: string;
  handler: string;
  launcherType: 'Nodejs';
  /** The @vercel/node (req, res) helpers; a Web handler has no use for them. */
  shouldAddHelpers: false;
  shouldAddSourcemapSupport: boolean;
  supportsResponseStreaming: true;
  maxDuration?: number;
  memory?: number;
  regions?: string[];
  supportsCancellation?: boolean;
}

/** The function's `.vc-config.json`, with every setting vercel.json gives it (vercel-json.ts). */
export function vcConfigFor(options: { runtime: string; handler: string; settings: FunctionSettings[string] | undefined; sourcemaps: boolean }): VcConfig {
  return {
    runtime: options.runtime,
    handler: options.handler,
    launcherType: 'Nodejs',
    shouldAddHelpers: false,
    shouldAddSourcemapSupport: options.sourcemaps,
    supportsResponseStreaming: true,
    ...options.settings,
  };
}

/** vercel.json settings for a file that is no function: a typo or a deleted function. */
export function settingsWithoutFunction(settings: FunctionSettings, routes: readonly ApiRoute[]): string[] {
  return Object.keys(settings).filter((file) => !routes.some((route) => route.file === file));
}

export interface Route {
  src: string;
  dest: string;
}

/**
 * `api/items/[id].ts` → `^/api/items/(?<id>[^/]+)/?$` → `/api/items/[id]?id=$id`: the function
 * keeps the URL that was asked for and finds the segment in its query, as with zero-config.
 */
export function dynamicRoutesFor(routes: readonly ApiRoute[]): Route[] {
  return routes
    .filter((route) => route.params.length > 0)
    .map((route) => {
      const segments = functionPathFor(route).split('/');
      if (segments.at(-1) === 'index') segments.pop();
      const src = segments.map((segment) => {
        const name = /^\[(.+)\]$/.exec(segment)?.[1];
        return name ? `(?<${name}>[^/]+)` : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      });
      const query = route.params.map((name) => `${name}=$${name}`).join('&');
      return { src: `^/${src.join('/')}/?$`, dest: `/${functionPathFor(route)}?${query}` };
    });
}

/** Static `x/index.html` files served at `/x` too (Build Output `overrides`). */
export function indexOverridesFor(staticFiles: readonly string[]): Record<string, { path: string }> {
  return Object.fromEntries(
    staticFiles.filter((file) => file.endsWith('/index.html')).map((file) => [file, { path: file.slice(0, -'/index.html'.length) }]),
  );
}

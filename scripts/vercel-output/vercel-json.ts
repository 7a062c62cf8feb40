/**
 * The parts of `vercel.json` the local tools use: the crons the local server runs and the
 * build check expects, and each function's settings (`maxDuration`). Schema:
 * https://vercel.com/docs/project-configuration#crons and #functions
 *
 * Function settings live in the top-level `functions` of a zero-config project (the test
 * fixture), or, in this repository, in `builds[].config.functions`: the project builds its
 * own bundled functions through the Build Output API (scripts/build-vercel-output.ts), and
 * Vercel refuses `functions` beside `builds`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';

/**
 * The function settings Vercel documents (https://vercel.com/docs/project-configuration#functions),
 * strictly: inside `builds` Vercel no longer checks them, so a typo would silently do nothing.
 * Keys are source files (`api/jobs/dispatch.ts`); the build refuses one that names no function.
 */
const functionSettingsSchema = z.record(
  z.string().regex(/^api\/[^*?{}]+\.[cm]?[jt]s$/, 'keys are function source files such as api/jobs/dispatch.ts (no globs)'),
  z.strictObject({
    maxDuration: z.number().int().positive().optional(),
    memory: z.number().int().min(128).max(10_240).optional(),
    regions: z.array(z.string().min(1)).optional(),
    supportsCancellation: z.boolean().optional(),
  }),
);

const vercelJsonSchema = z.object({
  crons: z.array(z.object({ path: z.string().startsWith('/'), schedule: z.string().min(1) })).default([]),
  functions: functionSettingsSchema.default({}),
  builds: z
    .array(z.object({ src: z.string(), use: z.string(), config: z.object({ functions: functionSettingsSchema.optional() }).loose().optional() }))
    .default([]),
});

export type VercelCron = z.infer<typeof vercelJsonSchema>['crons'][number];
export type FunctionSettings = z.infer<typeof functionSettingsSchema>;

export interface VercelJson {
  crons: VercelCron[];
  /** Per source file (`api/jobs/dispatch.ts`), from `functions` or `builds[].config.functions`. */
  functions: FunctionSettings;
  /** Whether the project builds through `builds` (legacy) rather than zero-config. */
  usesBuilds: boolean;
}

export function parseVercelJson(value: unknown, file = 'vercel.json'): VercelJson {
  const parsed = vercelJsonSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  const { crons, functions, builds } = parsed.data;
  const fromBuilds = Object.assign({}, ...builds.map((build) => build.config?.functions ?? {})) as FunctionSettings;
  return { crons, functions: { ...functions, ...fromBuilds }, usesBuilds: builds.length > 0 };
}

export async function readVercelJson(projectRoot: string): Promise<VercelJson> {
  const file = join(projectRoot, 'vercel.json');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '{}';
    throw error;
  });
  return parseVercelJson(JSON.parse(text), file);
}

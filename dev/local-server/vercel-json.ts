/**
 * The parts of `vercel.json` the local tools use: the crons the local server runs and the
 * build check expects, and the per-function settings. Schema:
 * https://vercel.com/docs/project-configuration#crons and #functions
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

const vercelJsonSchema = z.object({
  crons: z.array(z.object({ path: z.string().startsWith('/'), schedule: z.string().min(1) })).default([]),
  functions: z.record(z.string(), z.object({ maxDuration: z.number().optional() }).loose()).default({}),
});

export type VercelJson = z.infer<typeof vercelJsonSchema>;
export type VercelCron = VercelJson['crons'][number];

export async function readVercelJson(projectRoot: string): Promise<VercelJson> {
  const file = join(projectRoot, 'vercel.json');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '{}';
    throw error;
  });
  const parsed = vercelJsonSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * An esbuild plugin that reads the project's `import { z } from 'zod'` as
 * `import * as z from 'zod'` (Zod 4's documented form). The two give the same `z`, but
 * esbuild can tree-shake only the namespace import: through the named re-export it keeps all
 * of Zod (~750 KB, every locale) where the functions use ~90 KB. Only the project's own files
 * are rewritten, and only that exact statement; anything else is left as written.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

const NAMED_Z_IMPORT = /^import \{ z \} from 'zod';$/gm;

export function rewriteZodImport(source: string): string {
  return source.replace(NAMED_Z_IMPORT, "import * as z from 'zod';");
}

export function zodNamespaceImport(projectRoot: string): Plugin {
  return {
    name: 'zod-namespace-import',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.startsWith(projectRoot) || args.path.includes('/node_modules/')) return undefined;
        return { contents: rewriteZodImport(await readFile(args.path, 'utf8')), loader: 'ts' };
      });
    },
  };
}

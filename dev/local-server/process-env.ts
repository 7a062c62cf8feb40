/**
 * On Vercel the environment *is* the configuration, and `lib/runtime.ts` builds the runtime
 * from `process.env`; so an entry point that supplies settings (the local server: its
 * simulator URLs and generated secrets) writes them there before the runtime exists. The
 * previous values are kept only to put them back, so an in-process server (tests, the demo)
 * leaves the environment as it found it.
 */
export type EnvEntries = Record<string, string | undefined>;

/** Sets `entries` (undefined deletes) and returns a function that restores what was there. */
export function overlayProcessEnv(entries: EnvEntries): () => void {
  const previous: EnvEntries = {};
  for (const [name, value] of Object.entries(entries)) {
    previous[name] = process.env[name];
    assign(name, value);
  }
  return () => {
    for (const [name, value] of Object.entries(previous)) assign(name, value);
  };
}

function assign(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The only place tests read the environment. */
export const testEnv = {
  /** Server URL without a database; each test file creates and drops its own database. */
  mysqlAdminUrl: process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/',
  /** Restrict the engines, e.g. TEST_ENGINES=sqlite for a quick local run. */
  engines: (process.env.TEST_ENGINES ?? 'sqlite,mysql').split(',').map((e) => e.trim()),
  /** Set in CI (.ci/run): suites that need a local program (chromium) fail instead of skipping without it. */
  ci: process.env.CI === 'true' || process.env.CI === '1',
  /** Debian's chromium binary (not its wrapper script), driven by playwright-core in tests/browser. */
  chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
};

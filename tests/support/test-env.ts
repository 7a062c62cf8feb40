/** The only place tests read the environment. */
export const testEnv = {
  /** Server URL without a database; each test file creates and drops its own database. */
  mysqlAdminUrl: process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/',
  /** Restrict the engines, e.g. TEST_ENGINES=sqlite for a quick local run. */
  engines: (process.env.TEST_ENGINES ?? 'sqlite,mysql').split(',').map((e) => e.trim()),
};

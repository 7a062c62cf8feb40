/**
 * What every benchmark reads from its environment, written once: numbers with a default, the
 * smoke-run switch and the database engine (an unknown engine ends the run with exit code 2).
 */

/** `name` as a number, or `fallback` when unset. */
export const envNumber = (name: string, fallback: number): number => (process.env[name] ? Number(process.env[name]) : fallback);

/** BENCH_SMALL=1: a smoke run of a few seconds. */
export const BENCH_SMALL = process.env.BENCH_SMALL === '1';

/** BENCH_DATABASE: `sqlite` (the default) or `mysql` (MariaDB). */
export function benchEngine(): 'sqlite' | 'mysql' {
  const value = process.env.BENCH_DATABASE;
  if (value !== undefined && value !== 'sqlite' && value !== 'mysql') {
    console.error(`BENCH_DATABASE=${value}: expected sqlite (the default) or mysql`);
    process.exit(2);
  }
  return value === 'mysql' ? 'mysql' : 'sqlite';
}

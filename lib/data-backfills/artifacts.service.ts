import { sqlFlavorOf } from '../../db/sql-flavor.js';
import type { Runtime } from '../runtime.js';
import { renderArtifacts, type ArtifactFiles } from './artifacts.js';
import { listBatches, rowImages, type RowImage } from './batches.repository.js';
import { showRun } from './data-backfills.service.js';
import { listSamples } from './samples.repository.js';

/** Row images read per query while collecting a run's (the table may hold millions). */
const PAGE = 5_000;

/** `GET /api/admin/data-backfills/{runId}/artifacts`: the files of the phases that ran, rendered from the database. */
export async function runArtifacts(runtime: Runtime, runId: number): Promise<{ files: ArtifactFiles }> {
  const { db } = runtime.database;
  const run = await showRun(runtime, runId);
  const [batches, rows, samples] = await Promise.all([listBatches(db, runId, 'apply'), allRowImages(runtime, runId), listSamples(db, runId)]);
  return { files: renderArtifacts({ run, flavor: sqlFlavorOf(db), batches, rows, samples }) };
}

async function allRowImages(runtime: Runtime, runId: number): Promise<RowImage[]> {
  const all: RowImage[] = [];
  for (;;) {
    const page = await rowImages(runtime.database.db, runId, all.at(-1)?.id ?? 0, PAGE);
    all.push(...page);
    if (page.length < PAGE) return all;
  }
}

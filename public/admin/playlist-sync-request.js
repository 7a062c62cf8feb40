// @ts-check
// The playlist-sync form → the request body of POST /api/admin/playlist-sync(/preview), or the
// problems with it, each naming its field. Pure and free of the page's libraries, so a unit test
// imports it as it is. The server validates again (ids, lengths) and its 400 names the field.

/**
 * `Tutorials: id1, id2` per line → categories; blank lines are skipped.
 * @param {string} text
 * @returns {{ categories: { name: string, video_ids: string[] }[], problems: string[] }}
 */
export function parseCategoryLines(text) {
  /** @type {{ name: string, video_ids: string[] }[]} */
  const categories = [];
  const problems = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    if (name === '') {
      problems.push(`Categories, line ${index + 1}: write it as "name: videoId, videoId, …".`);
      continue;
    }
    if (categories.some((c) => c.name === name)) problems.push(`Categories, line ${index + 1}: "${name}" is named twice.`);
    categories.push({ name, video_ids: idsIn(line.slice(colon + 1)) });
  }
  if (categories.length === 0 && problems.length === 0) problems.push('Categories: at least one line "name: videoId, videoId, …".');
  return { categories, problems };
}

/** Ids separated by commas, spaces or new lines. */
export function idsIn(/** @type {string} */ text) {
  return text.split(/[\s,]+/).filter((id) => id !== '');
}

/**
 * @param {{ connection: { tenant_id: string, account_id: string } | undefined, categories: string, replace: string, deleteDespiteFailures: boolean }} form
 * @returns {{ body: { tenant_id: string, channel_id: string, categories: { name: string, video_ids: string[] }[], replace_playlist_ids: string[], delete_despite_failures?: boolean } } | { problems: string[] }}
 */
export function playlistSyncRequest(form) {
  const parsed = parseCategoryLines(form.categories);
  const problems = [...(form.connection ? [] : ['Channel: pick a YouTube connection (connect one with access=write first).']), ...parsed.problems];
  if (problems.length > 0 || !form.connection) return { problems };
  return {
    body: {
      tenant_id: form.connection.tenant_id,
      channel_id: form.connection.account_id,
      categories: parsed.categories,
      replace_playlist_ids: idsIn(form.replace),
      ...(form.deleteDespiteFailures ? { delete_despite_failures: true } : {}),
    },
  };
}

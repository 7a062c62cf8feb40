/**
 * Pure pieces of a chunk's completeness rule (DESIGN.md "Tables", `videos`): a video published by
 * the window's end that is missing from the top list of at least one capped day is fetched with
 * the per-video shape. A video in every capped day's top list is complete already.
 */

/** The videos in every capped top list so far, given the one before (null: no capped day yet) and a capped day's list. */
export function inEveryCappedTopList(before: readonly string[] | null, topList: readonly string[]): string[] {
  if (before === null) return [...new Set(topList)].sort();
  const listed = new Set(topList);
  return before.filter((videoId) => listed.has(videoId));
}

/** The chunk's tail, in id order: the videos published by the window's end that some capped top list left out. */
export function tailVideos(publishedByEnd: readonly string[], inEveryTopList: readonly string[]): string[] {
  const complete = new Set(inEveryTopList);
  return [...new Set(publishedByEnd)].filter((videoId) => !complete.has(videoId)).sort();
}

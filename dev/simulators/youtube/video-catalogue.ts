/**
 * The videos that exist: every synthetic video of every registered channel, public unless a test
 * hid it (private or deleted: to playlistItems.insert both are videoNotFound). Ids never seen do
 * not exist. A channel has `videosPerChannel` default videos unless `specs` (by channel id)
 * configures it.
 */
import { channelVideos, type SyntheticVideo } from './synthetic-data.js';
import type { ChannelSpec } from './types.js';

interface ChannelVideos {
  /** In generation order. */
  all: SyntheticVideo[];
  byId: Map<string, SyntheticVideo>;
  /** Made on first use: publishedAt descending, ties by id. */
  newestFirst?: SyntheticVideo[];
}

export class VideoCatalogue {
  private readonly byChannel = new Map<string, ChannelVideos>();
  private readonly known = new Set<string>();
  private readonly hidden = new Set<string>();
  private readonly videosPerChannel: number;
  private readonly anchorDay: string;
  private readonly specs: ReadonlyMap<string, ChannelSpec>;

  constructor(videosPerChannel: number, anchorDay: string, specs: ReadonlyMap<string, ChannelSpec> = new Map()) {
    this.videosPerChannel = videosPerChannel;
    this.anchorDay = anchorDay;
    this.specs = specs;
  }

  private channel(channelId: string): ChannelVideos {
    let videos = this.byChannel.get(channelId);
    if (!videos) {
      const spec = this.specs.get(channelId);
      const all = spec ? channelVideos(channelId, spec.videos, this.anchorDay, spec) : channelVideos(channelId, this.videosPerChannel, this.anchorDay);
      this.byChannel.set(channelId, (videos = { all, byId: new Map(all.map((video) => [video.videoId, video])) }));
      for (const video of all) this.known.add(video.videoId);
    }
    return videos;
  }

  /** The channel's synthetic videos (made once, and known from then on). */
  videosOf(channelId: string): SyntheticVideo[] {
    return this.channel(channelId).all;
  }

  /** The channel's video with this id; undefined when the video is not the channel's. */
  videoOf(channelId: string, videoId: string): SyntheticVideo | undefined {
    return this.channel(channelId).byId.get(videoId);
  }

  /** The channel's uploads, newest first (publishedAt descending, ties by id): its uploads playlist's order. */
  uploadsOf(channelId: string): SyntheticVideo[] {
    const videos = this.channel(channelId);
    videos.newestFirst ??= [...videos.all].sort((a, b) =>
      a.publishedAt !== b.publishedAt ? (a.publishedAt < b.publishedAt ? 1 : -1) : a.videoId < b.videoId ? -1 : a.videoId > b.videoId ? 1 : 0,
    );
    return videos.newestFirst;
  }

  isPublic(videoId: string): boolean {
    return this.known.has(videoId) && !this.hidden.has(videoId);
  }

  hide(videoIds: readonly string[]): void {
    for (const id of videoIds) this.hidden.add(id);
  }

  show(videoIds: readonly string[]): void {
    for (const id of videoIds) this.hidden.delete(id);
  }
}

/**
 * The videos that exist: every synthetic video of every registered channel, public unless a test
 * hid it (private or deleted: to playlistItems.insert both are videoNotFound). Ids never seen do
 * not exist.
 */
import { channelVideos, type SyntheticVideo } from './synthetic-data.js';

export class VideoCatalogue {
  private readonly byChannel = new Map<string, SyntheticVideo[]>();
  private readonly known = new Set<string>();
  private readonly hidden = new Set<string>();
  private readonly videosPerChannel: number;
  private readonly anchorDay: string;

  constructor(videosPerChannel: number, anchorDay: string) {
    this.videosPerChannel = videosPerChannel;
    this.anchorDay = anchorDay;
  }

  /** The channel's synthetic videos (made once, and known from then on). */
  videosOf(channelId: string): SyntheticVideo[] {
    let videos = this.byChannel.get(channelId);
    if (!videos) {
      this.byChannel.set(channelId, (videos = channelVideos(channelId, this.videosPerChannel, this.anchorDay)));
      for (const video of videos) this.known.add(video.videoId);
    }
    return videos;
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

// Turns `docker pull` progress lines into one percentage and a readable log. Pure, so it is
// tested on recorded sequences; the job only feeds it chunks.
import type { PullChunk } from "../protocol/index.ts";

// Downloading usually takes longer than extracting; the split only shapes the bar.
const DOWNLOAD_SHARE = 0.7;

interface Layer {
  status: string;
  total: number | null;
  downloaded: number;
  extracted: number;
  /** Already on this machine: counts as done and weighs nothing (its size is never sent). */
  cached: boolean;
}

// Lines Docker sends with an id that is not a layer: "Pulling from library/nginx" (id = the tag).
const imageLevel = (status: string) => status.startsWith("Pulling from ") || status.startsWith("Digest:") || status.startsWith("Status:");

export class PullProgress {
  private layers = new Map<string, Layer>();
  private shown = 0;

  /** Applies one chunk; returns a log line when it says something new, null for a progress tick. */
  apply(c: PullChunk): string | null {
    if (!c.id || imageLevel(c.status)) return c.status || null;
    let layer = this.layers.get(c.id);
    if (!layer) this.layers.set(c.id, (layer = { status: "", total: null, downloaded: 0, extracted: 0, cached: false }));
    const changed = layer.status !== c.status;
    layer.status = c.status;
    switch (c.status) {
      case "Downloading":
        if (c.total) layer.total = c.total;
        layer.downloaded = c.current ?? layer.downloaded;
        break;
      case "Verifying Checksum":
      case "Download complete":
        layer.downloaded = layer.total ?? layer.downloaded;
        break;
      case "Extracting":
        if (c.total && !layer.total) layer.total = c.total;
        layer.downloaded = layer.total ?? layer.downloaded;
        layer.extracted = c.current ?? layer.extracted;
        break;
      case "Pull complete":
        layer.downloaded = layer.extracted = layer.total ?? 0;
        layer.cached = layer.total === null; // finished without ever saying its size
        break;
      case "Already exists":
        layer.cached = true;
        break;
    }
    return changed ? `${c.id}: ${c.status}` : null;
  }

  /** 0-99 while pulling (100 is the job's to give when the pull has ended); never goes back. */
  get percent(): number {
    const pending = [...this.layers.values()].filter((l) => !l.cached);
    if (pending.length === 0) return this.shown;
    const known = pending.filter((l) => l.total);
    // Layers that have not said their size yet weigh as much as an average known one.
    const guess = known.length ? known.reduce((a, l) => a + l.total!, 0) / known.length : 1;
    let weight = 0;
    let done = 0;
    for (const l of pending) {
      const total = l.total ?? guess;
      const fraction = l.status === "Pull complete" ? 1 : l.total ? DOWNLOAD_SHARE * Math.min(1, l.downloaded / l.total) + (1 - DOWNLOAD_SHARE) * Math.min(1, l.extracted / l.total) : 0;
      weight += total;
      done += total * fraction;
    }
    this.shown = Math.max(this.shown, Math.min(99, Math.floor((done / weight) * 100)));
    return this.shown;
  }

  /** The bar's caption: "3 of 5 layers, 12.4 of 40.0 MB". */
  get step(): string {
    const all = [...this.layers.values()];
    if (all.length === 0) return "Contacting the registry";
    const complete = all.filter((l) => l.cached || l.status === "Pull complete").length;
    const sized = all.filter((l) => l.total && !l.cached);
    const mb = (n: number) => (n / 1e6).toFixed(1);
    const bytes = sized.length
      ? `, ${mb(sized.reduce((a, l) => a + l.downloaded, 0))} of ${mb(sized.reduce((a, l) => a + l.total!, 0))} MB`
      : "";
    return `${complete} of ${all.length} layers${bytes}`;
  }
}

// A tiny in-process publish/subscribe bus keyed by topic ("job:ID", "jobs", ...).
// Domains publish; the WebSocket layer subscribes on behalf of browsers.
type Handler = (type: string, data: unknown) => void;

export class Bus {
  private topics = new Map<string, Set<Handler>>();

  subscribe(topic: string, handler: Handler): () => void {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.topics.delete(topic);
    };
  }

  publish(topic: string, type: string, data: unknown): void {
    const set = this.topics.get(topic);
    if (!set) return;
    for (const h of [...set]) h(type, data);
  }

  hasSubscribers(topic: string): boolean {
    return (this.topics.get(topic)?.size ?? 0) > 0;
  }
}

/**
 * One multiplexed WebSocket for every live stream (jobs, job logs, server load...).
 * Components subscribe to topics; the socket opens on the first subscription, reconnects with
 * backoff, re-subscribes every topic after a reconnect, and closes when nothing listens.
 */
import { createSignal } from "solid-js";
import { wsUrl } from "./index";

export interface WsMessage {
  topic?: string;
  type: string;
  data: unknown;
}

type Handler = (msg: WsMessage) => void;

interface Subscription {
  onMessage: Handler;
  /** Called after a reconnect, so the subscriber can refetch whatever it may have missed. */
  onResync?: () => void;
}

export type WsStatus = "idle" | "connecting" | "open" | "reconnecting";

const [status, setStatus] = createSignal<WsStatus>("idle");
const [lastError, setLastError] = createSignal<{ code: string; message: string } | null>(null);
export const wsStatus = status;
export const wsError = lastError;

const topics = new Map<string, Set<Subscription>>();
let socket: WebSocket | null = null;
let attempts = 0;
let everOpened = false;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

function send(payload: object): void {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(payload));
}

function connect(): void {
  clearTimeout(reconnectTimer);
  if (socket) return;
  setStatus(everOpened ? "reconnecting" : "connecting");
  const ws = new WebSocket(wsUrl());
  socket = ws;

  ws.onopen = () => {
    const isReconnect = everOpened;
    everOpened = true;
    attempts = 0;
    setStatus("open");
    setLastError(null);
    for (const topic of topics.keys()) send({ op: "subscribe", topic });
    if (isReconnect) for (const set of topics.values()) for (const s of set) s.onResync?.();
  };

  ws.onmessage = (ev) => {
    let msg: WsMessage;
    try {
      msg = JSON.parse(String(ev.data)) as WsMessage;
    } catch {
      return;
    }
    if (msg.type === "error" && !msg.topic) {
      setLastError(msg.data as { code: string; message: string });
      return;
    }
    const set = msg.topic ? topics.get(msg.topic) : undefined;
    if (set) for (const s of [...set]) s.onMessage(msg);
  };

  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    if (topics.size === 0) {
      setStatus("idle");
      return;
    }
    setStatus("reconnecting");
    const delay = Math.min(30_000, 1000 * 2 ** attempts) * (0.75 + Math.random() * 0.5);
    attempts++;
    reconnectTimer = setTimeout(connect, delay);
  };
}

/** Subscribe to a topic. Returns the unsubscribe function (call it from onCleanup). */
export function subscribe(topic: string, onMessage: Handler, onResync?: () => void): () => void {
  clearTimeout(idleTimer);
  let set = topics.get(topic);
  const isNew = !set;
  if (!set) {
    set = new Set();
    topics.set(topic, set);
  }
  const sub: Subscription = { onMessage, onResync };
  set.add(sub);
  if (!socket) connect();
  else if (isNew) send({ op: "subscribe", topic });

  return () => {
    const current = topics.get(topic);
    if (!current) return;
    current.delete(sub);
    if (current.size > 0) return;
    topics.delete(topic);
    send({ op: "unsubscribe", topic });
    if (topics.size === 0) {
      // Keep the socket a little while: navigating between pages often re-subscribes at once.
      idleTimer = setTimeout(() => {
        if (topics.size === 0) closeSocket();
      }, 15_000);
    }
  };
}

function closeSocket(): void {
  clearTimeout(reconnectTimer);
  const ws = socket;
  socket = null;
  ws?.close(1000);
  setStatus("idle");
}

/** Drop every subscription and close the socket (on sign-out or session expiry). */
export function disconnectLive(): void {
  topics.clear();
  everOpened = false;
  attempts = 0;
  closeSocket();
}

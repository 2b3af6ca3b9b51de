/** Light/dark theme: follows prefers-color-scheme until the user picks one with the toggle. */
import { createSignal } from "solid-js";

export type Theme = "light" | "dark";
const KEY = "sk-theme";
const media = window.matchMedia("(prefers-color-scheme: dark)");

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : null;
  } catch {
    return null;
  }
}

const [choice, setChoice] = createSignal<Theme | null>(stored());
const [systemDark, setSystemDark] = createSignal(media.matches);
media.addEventListener("change", (e) => setSystemDark(e.matches));

/** The theme actually shown. */
export const theme = (): Theme => choice() ?? (systemDark() ? "dark" : "light");

function apply(): void {
  const c = choice();
  if (c) document.documentElement.dataset.theme = c;
  else delete document.documentElement.dataset.theme;
}
apply();

export function setTheme(t: Theme | null): void {
  setChoice(t);
  try {
    if (t) localStorage.setItem(KEY, t);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage may be unavailable (private mode); the choice still applies for this tab.
  }
  apply();
}

export const toggleTheme = (): void => setTheme(theme() === "dark" ? "light" : "dark");

/** Read a theme CSS variable (for canvas-drawn charts). */
export const cssVar = (name: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim();

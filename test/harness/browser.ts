// Headless Chromium for end-to-end UI tests (playwright-core + Debian's chromium).
//
//   const browser = await launchBrowser();
//   const page = await newPage(browser, panel);        // baseURL = panel.url
//   await page.goto("/");
//   await screenshot(page, "dashboard");              // test/artifacts/dashboard.png
//   await browser.close();
//
// CHROMIUM_PATH overrides the executable.

import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { REPO_ROOT, type Panel } from "./panel";

export const ARTIFACTS_DIR = join(REPO_ROOT, "test/artifacts");

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Path of the Chromium executable, or undefined when none is installed. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

export function chromiumAvailable(): boolean {
  return chromiumPath() !== undefined;
}

/** Launch headless Chromium with flags that work as root in a container. */
export async function launchBrowser(opts: { args?: string[]; slowMo?: number } = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)");
  return chromium.launch({
    executablePath,
    headless: true,
    slowMo: opts.slowMo,
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--no-first-run",
      "--no-default-browser-check",
      ...(opts.args ?? []),
    ],
  });
}

/**
 * A page in a fresh context whose baseURL is the panel, so `page.goto("/")`
 * works. Console errors and failed requests are collected in `problems`.
 */
export async function newPage(
  browser: Browser,
  panel: Panel,
  opts: BrowserContextOptions = {},
): Promise<Page & { problems: string[] }> {
  const context = await browser.newContext({
    baseURL: panel.url,
    viewport: { width: 1280, height: 800 },
    ...opts,
  });
  const page = (await context.newPage()) as Page & { problems: string[] };
  page.problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && !msg.text().includes("ERR_NETWORK_CHANGED")) page.problems.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => page.problems.push(`pageerror: ${err.message}`));
  page.on("requestfailed", (req) => {
    const why = req.failure()?.errorText ?? "";
    // Docker adding or removing a bridge (a deploy creates the app's network) makes Chromium
    // abort requests in flight with ERR_NETWORK_CHANGED: the test machine, not the panel.
    if (why.includes("ERR_NETWORK_CHANGED")) return;
    // A navigation or reload cancels the page's pending subresources (the favicon, an image)
    // with ERR_ABORTED: the browser's doing. API calls (fetch/xhr) and documents still count.
    if (why.includes("ERR_ABORTED") && !["fetch", "xhr", "document"].includes(req.resourceType())) return;
    page.problems.push(`requestfailed: ${req.method()} ${req.url()} ${why}`);
  });
  return page;
}

/** A full-page PNG under test/artifacts/ (ignored by git); returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^a-zA-Z0-9._-]+/g, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

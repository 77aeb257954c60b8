// A benchmark, not a test: where a cold-cache load of a page spends its time
// before it is hydrated. For each page (BENCH_PAGES, default /compose and /)
// in a fresh context: when the HTML arrived, when the main WASM and the last
// of the route's WASM chunks arrived, how many chunks and bytes, and when the
// page said it was hydrated (ms from the start of navigation).
// Usage: scripts/browser-script.sh hydrate-waterfall
import { chromium } from "@playwright/test";
import { watchHydration } from "./hydration.mjs";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const admin = { name: "bench-admin", password: "a bench admin passphrase" };
const pages = (process.env.BENCH_PAGES ?? "/compose,/").split(",");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const json = { accept: "application/json" };
let first = true;
for (const path of pages) {
  const context = await browser.newContext({ locale: "en" });
  const page = await context.newPage();
  if (first) await page.request.post(`${base}/api/auth/setup`, { form: admin, headers: json });
  first = false;
  await page.request.post(`${base}/api/auth/login`, { form: admin, headers: json });
  await watchHydration(page);
  await page.goto(`${base}${path}`);
  await page.locator("html[data-hydrated=true]").waitFor();
  const r = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const wasm = performance.getEntriesByType("resource").filter((e) => e.name.endsWith(".wasm"));
    const main = wasm.find((e) => /\/push-console\.[^/]*\.wasm$/.test(e.name));
    const chunks = wasm.filter((e) => e !== main);
    return {
      html: nav.responseEnd,
      main: main?.responseEnd ?? 0,
      chunks: chunks.length,
      chunkBytes: chunks.reduce((n, e) => n + e.transferSize, 0),
      lastChunk: Math.max(0, ...chunks.map((e) => e.responseEnd)),
      // When the first chunk was asked for, and how long the chunks waited
      // for the server's first byte (median and longest).
      firstChunk: Math.min(...chunks.map((e) => e.startTime)),
      waits: chunks.map((e) => e.responseStart - e.requestStart).sort((a, b) => a - b),
      hydrated: window.__hydratedAt,
    };
  });
  console.log(
    `${path}: HTML ${r.html.toFixed(0)} ms, main WASM ${r.main.toFixed(0)} ms, ${r.chunks} chunks ` +
      `(${(r.chunkBytes / 1024).toFixed(0)} KiB) by ${r.lastChunk.toFixed(0)} ms, hydrated ${r.hydrated.toFixed(0)} ms` +
      (r.chunks
        ? `; chunks asked for from ${r.firstChunk.toFixed(0)} ms, waiting for the server's first byte ` +
          `median ${r.waits[r.waits.length >> 1].toFixed(1)} ms, longest ${r.waits[r.waits.length - 1].toFixed(1)} ms`
        : ""),
  );
  await context.close();
}
await browser.close();

import { test as base, expect, type Page } from "@playwright/test";

// Every test fails if the page logs a console error or throws.
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(`${msg.text()} @ ${msg.location().url}`);
      });
      page.on("pageerror", (err) => errors.push(err.message));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens a page and waits until the WASM has hydrated it. */
export async function openHydrated(page: Page, path: string) {
  const response = await page.goto(path);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  return response;
}

/** The first admin, made by accounts.spec.ts through the setup page (or
 * here, when a spec runs on its own). */
export const ADMIN = { name: "e2e-admin", password: "an e2e admin passphrase" };

/** Signs the page's browser context in as the first admin, through the same
 * server functions the sign-in page calls. */
export async function signInAsAdmin(page: Page, origin = "") {
  const json = { accept: "application/json" };
  const setup = await page.request.post(`${origin}/api/auth/setup`, { form: ADMIN, headers: json });
  expect([200, 400]).toContain(setup.status());
  const login = await page.request.post(`${origin}/api/auth/login`, { form: ADMIN, headers: json });
  expect(login.status(), await login.text()).toBe(200);
}

/** A push-console of its own: the release binary on a free port with an
 * empty data folder and the built-in sandbox, for a spec that needs a
 * console nobody has set up yet, whichever specs ran before it. */
export async function freshServer(
  settings: Record<string, string> = {},
): Promise<{ url: string; stop: () => Promise<void> }> {
  const { spawn } = await import("node:child_process");
  const { mkdtempSync, rmSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { createServer } = await import("node:net");
  const path = await import("node:path");
  const port: number = await new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const data = mkdtempSync(path.join(tmpdir(), "push-console-e2e-fresh-"));
  const bin = process.env.PUSH_CONSOLE_BIN ?? path.resolve(__dirname, "../../target/release/push-console");
  const env = { ...process.env, PUSH_CONSOLE_DATA_DIR: data, PUSH_CONSOLE_LISTEN: `127.0.0.1:${port}`, RUST_LOG: "warn", ...settings };
  delete env.DATABASE_URL;
  const child = spawn(bin, ["serve"], { env, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`fresh server at ${url} not healthy after 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(data, { recursive: true, force: true });
  };
  return { url, stop };
}

/** The product's words, read from its own locale files, so a test can run in
 * either language: `words("zh-CN")("step_review")`, with `{{ n }}` filled. */
export type Lang = "en" | "zh-CN";
export function words(lang: Lang): (key: string, vars?: Record<string, string | number>) => string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readFileSync } = require("node:fs") as typeof import("node:fs");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require("node:path") as typeof import("node:path");
  const table: Record<string, string> = JSON.parse(
    readFileSync(path.resolve(__dirname, `../../locales/${lang}.json`), "utf8"),
  );
  return (key, vars = {}) => {
    const text = table[key];
    if (text === undefined) throw new Error(`no word ${key} in ${lang}`);
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => String(vars[name] ?? `{{ ${name} }}`));
  };
}

/** Signs `page` in as a new user with `role`, made by the first admin through
 * the users page's server functions, its one-time password changed. */
export async function signInWithRole(page: Page, role: "Operator" | "Auditor", origin?: string): Promise<string> {
  const { request } = await import("@playwright/test");
  const json = { accept: "application/json" };
  const baseURL = origin ?? test.info().project.use.baseURL;
  const admin = await request.newContext({ baseURL });
  await admin.post("/api/auth/setup", { form: ADMIN, headers: json });
  expect((await admin.post("/api/auth/login", { form: ADMIN, headers: json })).status()).toBe(200);
  const name = `e2e-${role.toLowerCase()}-${Date.now()}`;
  const added = await admin.post("/api/users/add", { form: { name, role: role.toLowerCase() }, headers: json });
  expect(added.status(), await added.text()).toBe(200);
  const oneTime: string = (await added.json()).one_time_password;
  await admin.dispose();
  const login = await page.request.post(`${origin ?? ""}/api/auth/login`, { form: { name, password: oneTime }, headers: json });
  expect(login.status(), await login.text()).toBe(200);
  const changed = await page.request.post(`${origin ?? ""}/api/auth/change_password`, {
    form: { current: oneTime, new: `${name} has a long passphrase` },
    headers: json,
  });
  expect(changed.status(), await changed.text()).toBe(200);
  return name;
}

/** Runs axe (WCAG 2.1 A and AA) on the page as it is and fails on any
 * violation of serious or critical impact, naming each. */
export async function expectNoSeriousAxeViolations(page: Page, where: string) {
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(serious, `axe on ${where}`).toEqual([]);
}

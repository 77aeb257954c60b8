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
export async function signInAsAdmin(page: Page) {
  const json = { accept: "application/json" };
  const setup = await page.request.post("/api/auth/setup", { form: ADMIN, headers: json });
  expect([200, 400]).toContain(setup.status());
  const login = await page.request.post("/api/auth/login", { form: ADMIN, headers: json });
  expect(login.status(), await login.text()).toBe(200);
}

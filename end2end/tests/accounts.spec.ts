import { test, expect, openHydrated, freshServer, ADMIN } from "./fixtures";

// A console of its own, started empty for this spec: it begins at its setup
// page whichever specs ran before it, and alone.
test.use({ locale: "en-US" });

let server: Awaited<ReturnType<typeof freshServer>>;
test.beforeAll(async () => {
  server = await freshServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test("first-run setup, then the admin adds an operator who cannot open the users page", async ({ page, browser }) => {
  const at = (path: string) => `${server.url}${path}`;
  await openHydrated(page, at("/"));
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { level: 1, name: "Set up the console" })).toBeVisible();
  await page.getByLabel("User name").fill(ADMIN.name);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();

  await expect(page).toHaveURL(/\/login\?setup=done$/);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("status")).toContainText("The administrator was created");
  await page.getByLabel("User name").fill(ADMIN.name);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("link", { name: `Signed in as ${ADMIN.name} (Admin)` })).toBeVisible();
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await page.getByLabel("User name").fill("olga");
  await page.getByLabel("Role", { exact: true }).selectOption("operator");
  await page.getByRole("button", { name: "Add user" }).click();
  const shown = page.getByRole("status").filter({ hasText: "One-time password for olga" });
  await expect(shown).toBeVisible();
  const oneTime = (await shown.locator("code").textContent())!.trim();
  expect(oneTime).toHaveLength(16);
  await expect(page.getByRole("table", { name: "Everyone who can sign in" })).toContainText("olga");

  // The operator, in a browser of their own.
  const context = await browser.newContext({ locale: "en-US" });
  const op = await context.newPage();
  await openHydrated(op, at("/login"));
  await op.getByLabel("User name").fill("olga");
  await op.getByLabel("Password", { exact: true }).fill(oneTime);
  await op.getByRole("button", { name: "Sign in" }).click();
  await expect(op).toHaveURL(/\/account$/);
  await expect(op.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(op.getByText("You signed in with a one-time password")).toBeVisible();
  await op.getByLabel("Current password").fill(oneTime);
  await op.getByLabel("New password").fill("olga's own long passphrase");
  await op.getByRole("button", { name: "Change password" }).click();
  await expect(op.getByRole("status")).toContainText("Your password was changed");

  const nav = op.getByRole("navigation", { name: "Main navigation" });
  await expect(nav.getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await openHydrated(op, at("/users"));
  await expect(op.getByRole("alert")).toContainText("You are signed in as Operator. This page is for Admin.");
  await expect(op.getByRole("table")).toHaveCount(0);
  await context.close();

  // The admin signs out; the console is closed again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
});

import { test, expect, openHydrated, signInAsAdmin } from "./fixtures";

test.beforeEach(async ({ page }) => {
  await signInAsAdmin(page);
});

test.describe("in Chinese (the default)", () => {
  test.use({ locale: "zh-CN" });

  test("the shell loads, hydrates and shows the sandbox banner", async ({ page }) => {
    await openHydrated(page, "/");
    await expect(page).toHaveTitle("概览 · 推送控制台");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeVisible();
    await expect(page.getByRole("link", { name: "概览" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("note")).toContainText("沙箱模式");
    await expect(page.getByRole("heading", { level: 1, name: "概览" })).toBeVisible();
    await expect(page.getByRole("table", { name: "本控制台用于推送的腾讯云 IM 应用" })).toContainText("1400000001");
  });

  test("switching language changes the text and survives a reload", async ({ page }) => {
    await openHydrated(page, "/");
    await page.getByLabel("语言").selectOption("en");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByRole("note")).toContainText("Sandbox mode");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByLabel("Language")).toHaveValue("en");

    await page.getByLabel("Language").selectOption("zh-CN");
    await expect(page.getByRole("heading", { level: 1, name: "概览" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "概览" })).toBeVisible();
  });

  test("the language switcher works with the keyboard", async ({ page }) => {
    await openHydrated(page, "/");
    const select = page.getByLabel("语言");
    await select.focus();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  });

  test("a skip link leads past the navigation", async ({ page }) => {
    await openHydrated(page, "/");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "跳到正文" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/#main$/);
  });
});

test.describe("in English", () => {
  test.use({ locale: "en-US" });

  test("Accept-Language picks English on the first visit", async ({ page }) => {
    await openHydrated(page, "/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page).toHaveTitle("Overview · Push Console");
  });

  test("an unknown address shows the 404 page", async ({ page, consoleErrors }) => {
    const response = await openHydrated(page, "/no/such/page");
    expect(response?.status()).toBe(404);
    // The browser reports the document's own 404 status; that one is expected.
    const own404 = `Failed to load resource: the server responded with a status of 404 (Not Found) @ ${page.url()}`;
    expect(consoleErrors).toContain(own404);
    consoleErrors.splice(consoleErrors.indexOf(own404), 1);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "Back to the overview" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  });

  test("hashed assets are cached for a year and the page is compressed", async ({ page }) => {
    const assets: { url: string; cache: string | undefined; encoding: string | undefined }[] = [];
    page.on("response", (res) => {
      if (res.url().includes("/pkg/")) {
        assets.push({ url: res.url(), cache: res.headers()["cache-control"], encoding: res.headers()["content-encoding"] });
      }
    });
    const document = await openHydrated(page, "/");
    expect(await document?.headerValue("content-encoding")).toBe("br");
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const a of assets) {
      expect(a.url, "asset names carry a hash").toMatch(/\.[A-Za-z0-9_-]{8,}\.(js|wasm|css)$/);
      expect(a.cache).toBe("public, max-age=31536000, immutable");
    }
  });
});

// Not a test: makes the composer screenshots under docs/screenshots/ when
// run with SCREENSHOTS=1 (see README). Skipped in the normal suite.
import { test, expect, openHydrated, signInAsAdmin } from "./fixtures";
import type { Page } from "@playwright/test";

const OUT = "../docs/screenshots";

for (const lang of ["en", "zh-CN"] as const) {
  test.describe(`composer screenshots, ${lang}`, () => {
    test.use({ locale: lang, viewport: { width: 1280, height: 900 } });
    test.skip(!process.env.SCREENSHOTS, "set SCREENSHOTS=1 to make the screenshots");

    async function shot(page: Page, name: string) {
      await page.screenshot({ path: `${OUT}/compose-${lang}-${name}.png`, fullPage: true });
    }

    test(`empty, filled and with errors (${lang})`, async ({ page }) => {
      await signInAsAdmin(page);
      await openHydrated(page, "/compose");
      await expect(page.locator("meter")).toBeVisible();
      await shot(page, "empty");

      await page.locator('input[name="audience-kind"][value="tags"]').check();
      await page.locator("#audience-heading ~ div .chips").first().getByRole("button").last().click();
      await page.locator("#tag-all-0").fill("会员");
      await page.locator("#tags-any-problems").locator("..").getByRole("button").last().click();
      await page.locator("#tag-any-0").fill("深圳");
      await page.locator("#el0-Text").fill(lang === "en" ? "The Singles' Day sale starts at 8 pm!" : "双十一活动今晚八点开始！");
      await page.locator("#offline-title").fill(lang === "en" ? "Singles' Day" : "双十一");
      await page.locator("#offline-desc").fill(lang === "en" ? "Up to 50% off, tonight only" : "全场五折起，仅限今晚");
      await shot(page, "filled");

      await page.locator("#tag-all-0").fill("股".repeat(17));
      await page.locator("#el0-Text").fill("");
      await page.locator("#life-time-custom, input[name='life-time'][value='custom']").check();
      await page.locator("#life-custom").fill("700000");
      await shot(page, "errors");
    });
  });
}

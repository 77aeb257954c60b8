// Not a test: makes the composer screenshots under docs/screenshots/ (empty,
// filled, with errors; en and zh-CN) against a running server.
// Usage: scripts/browser-script.sh screenshots (starts a fresh server for it), or
//   BASE_URL=http://127.0.0.1:PORT node end2end/bench/screenshots.mjs
import { chromium } from "@playwright/test";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const OUT = new URL("../../docs/screenshots/", import.meta.url).pathname;
const admin = { name: "shots-admin", password: "a screenshot admin passphrase" };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
for (const lang of ["en", "zh-CN"]) {
  const context = await browser.newContext({ locale: lang, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const json = { accept: "application/json" };
  await page.request.post(`${base}/api/auth/setup`, { form: admin, headers: json });
  const login = await page.request.post(`${base}/api/auth/login`, { form: admin, headers: json });
  if (login.status() !== 200) throw new Error(`sign-in failed: ${login.status()}`);
  const shot = (name) => page.screenshot({ path: `${OUT}compose-${lang}-${name}.png`, fullPage: true });

  await page.goto(`${base}/compose`);
  await page.locator("html[data-hydrated=true]").waitFor();
  await page.locator("meter").waitFor();
  await shot("empty");

  await page.locator('input[name="audience-kind"][value="tags"]').check();
  await page.locator("#audience-heading ~ div .chips").first().getByRole("button").last().click();
  await page.locator("#tag-all-0").fill("会员");
  await page.locator("#tags-any-problems").locator("..").getByRole("button").last().click();
  await page.locator("#tag-any-0").fill("深圳");
  await page.locator("#el0-Text").fill(lang === "en" ? "The Singles' Day sale starts at 8 pm!" : "双十一活动今晚八点开始！");
  await page.locator("#offline-title").fill(lang === "en" ? "Singles' Day" : "双十一");
  await page.locator("#offline-desc").fill(lang === "en" ? "Up to 50% off, tonight only" : "全场五折起，仅限今晚");
  await shot("filled");

  await page.locator("#tag-all-0").fill("股".repeat(17));
  await page.locator("#el0-Text").fill("");
  await page.locator("#life-time-custom, input[name='life-time'][value='custom']").check();
  await page.locator("#life-custom").fill("700000");
  await shot("errors");
  await context.close();
}
await browser.close();
console.log(`screenshots written to ${OUT}`);

// Not a test: makes the screenshots under docs/screenshots/: every step of
// the composer and the history, in en and zh-CN, 1280 and 390 px wide.
// Usage: scripts/browser-script.sh screenshots (starts a fresh server for it,
// and installs a CJK font if none is there), or
//   BASE_URL=http://127.0.0.1:PORT node end2end/bench/screenshots.mjs
import { chromium } from "@playwright/test";
import { readFileSync } from "node:fs";

const base = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const OUT = new URL("../../docs/screenshots/", import.meta.url).pathname;
const admin = { name: "shots-admin", password: "a screenshot admin passphrase" };
const json = { accept: "application/json" };
const words = (lang) => JSON.parse(readFileSync(new URL(`../../locales/${lang}.json`, import.meta.url), "utf8"));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const written = [];
const counts = [];
for (const lang of ["en", "zh-CN"]) {
  const t = words(lang);
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ locale: lang, viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.request.post(`${base}/api/auth/setup`, { form: admin, headers: json });
    const login = await page.request.post(`${base}/api/auth/login`, { form: admin, headers: json });
    if (login.status() !== 200) throw new Error(`sign-in failed: ${login.status()}`);
    // The form controls an operator sees at each step (the common case:
    // tags, a text, an image, a title), reported with the screenshots.
    const fields = () =>
      page.locator("main").locator("input:visible, select:visible, textarea:visible").count();
    const shot = async (name) => {
      if (name.startsWith("compose")) counts.push(`${name} ${lang} ${width}: ${await fields()} fields`);
      const path = `${OUT}${name}-${lang}-${width}.png`;
      await page.screenshot({ path, fullPage: true });
      written.push(path);
    };
    const step = (key) => page.getByRole("navigation", { name: t.steps_label }).getByRole("button", { name: t[key] }).click();

    await page.goto(`${base}/compose`);
    await page.locator("html[data-hydrated=true]").waitFor();
    await page.getByLabel(t.audience_tags).check();
    await page.getByRole("button", { name: t.add_tag_all }).click();
    await page.locator("#tag-all-0").fill("会员");
    await page.getByRole("button", { name: t.add_tag_any }).click();
    await page.locator("#tag-any-0").fill("深圳");
    await shot("compose-1-audience");

    await step("step_message");
    await page.locator("#el0-Text").fill(lang === "en" ? "The Singles' Day sale starts at 8 pm!" : "双十一活动今晚八点开始！");
    await page.getByRole("button", { name: t.add_element_kind.replace("{{ kind }}", t.el_image) }).click();
    await page.locator("#el1-ImageInfoArray-0-URL").fill(`${base}/example-image.png`);
    await page.waitForFunction(() => document.querySelector("#el1-ImageInfoArray-0-Width")?.value === "640");
    await shot("compose-2-message");

    await step("step_notification");
    await page.locator("#offline-title").fill(lang === "en" ? "Singles' Day" : "双十一");
    await page.locator("#offline-desc").fill(lang === "en" ? "Up to 50% off, tonight only" : "全场五折起，仅限今晚");
    await shot("compose-3-notification");

    await step("step_review");
    await page.locator("meter").waitFor();
    // The second width sends what the first just sent: the review shows the
    // duplicate guard, which the operator then confirms.
    await page.waitForTimeout(300);
    await shot("compose-4-review");
    if (await page.locator("#repeat-confirm").isVisible()) await page.locator("#repeat-confirm").check();

    // A push to history, so the list has rows of more than one status.
    await page.getByRole("button", { name: t.send_button }).click();
    await page.getByRole("dialog").getByRole("button", { name: t.send_now }).click();
    await page.getByText(t.sent_heading).waitFor();
    await page.goto(`${base}/history`);
    await page.locator("html[data-hydrated=true]").waitFor();
    await shot("history");
    await context.close();
  }
}
await browser.close();
console.log(written.join("\n"));
console.log(counts.join("\n"));

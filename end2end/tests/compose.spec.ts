import { test, expect, openHydrated, signInAsAdmin, words, type Lang } from "./fixtures";
import type { Page } from "@playwright/test";

test.use({ timezoneId: "Asia/Shanghai" });

/** The composer's step list and its Next button, in `lang`. */
function steps(page: Page, t: ReturnType<typeof words>) {
  const list = page.getByRole("navigation", { name: t("steps_label") });
  return {
    open: (key: string) => list.getByRole("button", { name: t(key) }).click(),
    next: (key: string) => page.getByRole("button", { name: t("step_next_to", { step: t(key) }) }).click(),
    tab: (key: string) => list.getByRole("button", { name: t(key) }),
  };
}

async function openComposer(page: Page, t: ReturnType<typeof words>) {
  await signInAsAdmin(page);
  await openHydrated(page, "/compose");
  await expect(page.getByRole("heading", { level: 1, name: t("compose_title") })).toBeVisible();
}

async function addTag(page: Page, t: ReturnType<typeof words>, side: "all" | "any", n: number, tag: string) {
  await page.getByRole("button", { name: t(`add_tag_${side}`) }).click();
  const input = page.getByLabel(t(`tag_${side}_n`, { n }), { exact: true });
  await expect(input).toBeFocused();
  await input.fill(tag);
}

/** The request JSON without its MsgRandom, which each composer gets anew. */
async function requestWithoutRandom(page: Page, t: ReturnType<typeof words>) {
  const region = page.getByRole("region", { name: t("compose_request_heading") });
  const details = region.locator("details");
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await region.locator("summary").click();
  const text = await region.locator("pre").textContent();
  return (text ?? "").replace(/"MsgRandom": \d+/, '"MsgRandom": 0');
}

for (const lang of ["en", "zh-CN"] as Lang[]) {
  test.describe(`in ${lang}`, () => {
    test.use({ locale: lang });

    test("a tag push with a title, a text and an image goes through the four steps without More or JSON, and its TaskId is in history", async ({ page, baseURL }) => {
      const t = words(lang);
      const step = steps(page, t);
      await openComposer(page, t);
      // A new, empty form says nothing is missing yet.
      await expect(page.locator(".field-error")).toHaveCount(0);

      await page.getByLabel(t("audience_tags")).check();
      await addTag(page, t, "all", 1, "会员");
      await addTag(page, t, "any", 1, "深圳");
      await step.next("step_message");

      const text = `双十一 e2e ${lang} ${Date.now()}`;
      await page.getByLabel(t("f_text"), { exact: true }).fill(text);
      await page.getByRole("button", { name: t("add_element_kind", { kind: t("el_image") }) }).click();
      // (The notification has an image URL of its own, in its step.)
      await page.locator("#step-message").getByLabel(t("img_url"), { exact: true }).fill(`${baseURL}/example-image.png`);
      // Read from the picture as it loads.
      await expect(page.getByLabel(t("f_width_px"), { exact: true })).toHaveValue("640");
      await expect(page.getByLabel(t("f_height_px"), { exact: true })).toHaveValue("360");
      await expect(page.getByRole("img", { name: t("img_preview_alt") })).toBeVisible();
      await step.next("step_notification");

      await page.getByLabel(t("n_title"), { exact: true }).fill("双十一");
      await expect(page.getByRole("figure", { name: "iOS" })).toContainText("双十一");
      await step.next("step_review");

      await expect(page.getByText(t("ready_to_send"))).toBeVisible();
      await expect(page.getByTestId("review-audience")).toContainText("“深圳”");
      // Nothing was unfolded: no "More", no JSON.
      await expect(page.locator("details[open]")).toHaveCount(0);
      await page.getByRole("button", { name: t("send_button") }).click();
      const dialog = page.getByRole("dialog", { name: t("confirm_heading") });
      await dialog.getByRole("button", { name: t("send_now") }).click();

      const sent = page.getByRole("status").filter({ hasText: t("sent_heading") });
      await expect(sent).toBeVisible();
      const taskId = (await sent.getByTestId("task-id").textContent())?.trim() ?? "";
      expect(taskId).not.toEqual("");

      await sent.getByRole("link", { name: t("view_in_history") }).click();
      const request = page.getByTestId("request-sent");
      await expect(request).toContainText('"Width":640');
      await expect(request).toContainText("example-image.png");
      await openHydrated(page, "/history");
      const row = page.getByRole("table", { name: t("history_results") }).getByRole("row").filter({ hasText: text });
      await expect(row.getByTestId("task-id-cell")).toHaveText(taskId);
    });
  });
}

test.describe("in en", () => {
  test.use({ locale: "en" });
  const t = words("en");

  test("a 17-character Chinese tag is refused as it is typed; one character less clears it", async ({ page }) => {
    const step = steps(page, t);
    await openComposer(page, t);
    await page.getByLabel("By tags").check();
    await addTag(page, t, "all", 1, "股".repeat(17));
    const tagField = page.getByLabel("Tag 1 (ALL)");
    await expect(page.getByText("This tag is 51 bytes long", { exact: false }).first()).toBeVisible();
    await expect(page.getByText("(prevents API error 90020)").first()).toBeVisible();
    await expect(tagField).toHaveAttribute("aria-invalid", "true");
    await expect(step.tab("step_audience")).toContainText("1 to fix");
    await tagField.press("End");
    await tagField.press("Backspace");
    await expect(page.getByText("This tag is 51 bytes long", { exact: false })).toHaveCount(0);
    await expect(tagField).toHaveAttribute("aria-invalid", "false");
    await expect(page.getByText("48 / 50 bytes")).toBeVisible();
    await step.next("step_message");
    await page.getByLabel("Text", { exact: true }).fill("hello");
    await step.open("step_review");
    await expect(page.getByRole("button", { name: "Send…" })).toBeEnabled();
  });

  test("a required field says so once it is left or the review is asked for, not before", async ({ page }) => {
    const step = steps(page, t);
    await openComposer(page, t);
    await step.open("step_message");
    const text = page.getByLabel("Text", { exact: true });
    await expect(page.locator(".field-error:visible")).toHaveCount(0);
    await text.focus();
    await text.press("Tab");
    await expect(page.locator("#el0-Text-problems")).toContainText("required");
    await expect(step.tab("step_message")).toContainText("1 to fix");
    // A fresh composer: the review lists what is missing, and Send waits.
    await openHydrated(page, "/compose");
    await step.open("step_review");
    await expect(page.getByRole("button", { name: "Send…" })).toBeDisabled();
    const fix = page.getByRole("button", { name: "Fix in “Message”" });
    await fix.click();
    await expect(page.getByRole("heading", { name: "Message", level: 2 })).toBeFocused();
  });

  test("switching from tags to attributes says so, clears the tags, and offers the app's attribute names", async ({ page }) => {
    await openComposer(page, t);
    await page.getByLabel("By tags").check();
    await addTag(page, t, "all", 1, "vip");
    await page.getByLabel("By attributes").check();
    await expect(page.getByRole("alertdialog")).toContainText("clears the 1 tag(s)");
    await page.getByRole("button", { name: "Switch and clear" }).click();
    await expect(page.getByLabel("Tag 1 (ALL)")).toHaveCount(0);
    const condition = page.getByTestId("condition-json");
    await page.getByText(t("condition_json")).click();
    await expect(condition).not.toContainText("TagsAnd");
    await page.getByRole("button", { name: "Add an ALL attribute" }).click();
    const name = page.getByLabel("Attribute 1");
    await expect(name.locator("option")).toHaveText(["Choose an attribute", "city", "会员等级", "gender", "language"]);
    await name.selectOption("city");
    await page.getByLabel("Value 1").fill("深圳");
    await expect(condition).toContainText('"city": "深圳"');
    await page.getByLabel("By tags").check();
    await page.getByRole("button", { name: "Switch and clear" }).click();
    await expect(page.getByLabel("Value 1")).toHaveCount(0);
  });

  test("a saved draft reopens identical, element by element", async ({ page }) => {
    const step = steps(page, t);
    await openComposer(page, t);
    await page.getByLabel("By tags").check();
    await addTag(page, t, "any", 1, "新用户");
    await step.next("step_message");
    await page.getByLabel("Text", { exact: true }).fill("第一行\nsecond line");
    await page.getByText("More element types").click();
    await page.getByRole("button", { name: "+ Location" }).click();
    await page.getByLabel("Description", { exact: true }).fill("深圳湾");
    await page.getByLabel("Latitude").fill("22.5");
    await page.getByLabel("Longitude").fill("113.9");
    await page.getByRole("button", { name: "+ Custom" }).click();
    await page.getByLabel("Data", { exact: true }).fill('{"coupon": 5}');
    await page.getByRole("button", { name: "Move element 3 up" }).click();
    await step.next("step_notification");
    await page.getByLabel("Custom", { exact: true }).check();
    await page.getByLabel("Custom time in seconds (at most 604800 = 7 days)").fill("5400");
    await page.getByLabel("Send an offline notification").uncheck();
    await step.next("step_review");
    const before = await requestWithoutRandom(page, t);
    expect(before).toContain('"MsgLifeTime": 5400');

    const name = `e2e draft ${Date.now()}`;
    await page.getByLabel("Draft name").fill(name);
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByText("Draft saved.")).toBeVisible();

    await openHydrated(page, "/compose");
    await step.open("step_review");
    expect(await requestWithoutRandom(page, t)).not.toEqual(before);
    await page.getByRole("button", { name: `Open draft ${name}` }).click();
    await expect(page.getByLabel("Draft name")).toHaveValue(name);
    await expect.poll(() => requestWithoutRandom(page, t)).toEqual(before);
    await step.open("step_message");
    await expect(page.getByLabel("Description", { exact: true })).toHaveValue("深圳湾");
    await expect(page.getByRole("heading", { name: "2. Custom" })).toBeVisible();
    await step.open("step_notification");
    await expect(page.getByLabel("Custom time in seconds (at most 604800 = 7 days)")).toHaveValue("5400");
  });

  test("a push to everyone cannot be sent until the app's name is typed; the dialog keeps focus and gives it back", async ({ page }) => {
    const step = steps(page, t);
    await openComposer(page, t);
    await step.open("step_message");
    await page.getByLabel("Text", { exact: true }).fill(`everyone, hello ${Date.now()}`);
    await step.open("step_review");
    const send = page.getByRole("button", { name: "Send…" });
    await send.click();
    const dialog = page.getByRole("dialog", { name: "Send this push?" });
    await expect(dialog).toContainText("all users of the app");
    const sendNow = dialog.getByRole("button", { name: "Send now" });
    await expect(sendNow).toBeDisabled();
    const confirm = dialog.getByLabel("This push goes to every user. Type the app's name, Sandbox, to confirm.");
    await expect(confirm).toBeFocused();
    // Tab goes round inside the dialog: the page behind is inert.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => !!document.activeElement?.closest("dialog"))).toBe(true);
    }
    await confirm.fill("Sandbo");
    await expect(sendNow).toBeDisabled();
    await confirm.fill("Sandbox");
    await expect(sendNow).toBeEnabled();
    await confirm.press("Escape");
    await expect(dialog).toHaveCount(0);
    await expect(send).toBeFocused();
  });

  test("the same push again within ten minutes is held until the operator confirms, with a link to the first", async ({ page }) => {
    const step = steps(page, t);
    await openComposer(page, t);
    const text = `repeat guard ${Date.now()}`;
    await page.getByLabel("By tags").check();
    await addTag(page, t, "all", 1, "vip");
    await step.open("step_message");
    await page.getByLabel("Text", { exact: true }).fill(text);
    await step.open("step_review");
    await expect(page.getByTestId("repeat-warning")).toHaveCount(0);
    await page.getByRole("button", { name: "Send…" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Send now" }).click();
    const sent = page.getByRole("status").filter({ hasText: t("sent_heading") });
    await expect(sent).toBeVisible();
    const firstUrl = await sent.getByRole("link", { name: "View in history" }).getAttribute("href");

    // The same draft in a second tab: it is warned, and Send waits for a yes.
    const second = await page.context().newPage();
    await openHydrated(second, "/compose");
    await second.getByLabel("By tags").check();
    await second.getByRole("button", { name: "Add a tag to ALL" }).click();
    await second.getByLabel("Tag 1 (ALL)").fill("vip");
    await steps(second, t).open("step_message");
    await second.getByLabel("Text", { exact: true }).fill(text);
    await steps(second, t).open("step_review");
    const warning = second.getByTestId("repeat-warning");
    await expect(warning).toContainText("This looks like a push that was just sent");
    const id = (firstUrl ?? "").split("/").pop();
    await expect(warning.getByRole("link", { name: `Open push #${id}` })).toHaveAttribute("href", firstUrl ?? "");
    const sendAgain = second.getByRole("button", { name: "Send…" });
    await expect(sendAgain).toBeDisabled();
    await expect(second.getByText(t("ready_to_send"))).toHaveCount(0);
    await warning.getByLabel("I know; send it again anyway").check();
    await expect(sendAgain).toBeEnabled();
    await expect(second.getByText(t("ready_to_send"))).toBeVisible();
    await second.close();
  });
});

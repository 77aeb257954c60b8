import { test, expect, openHydrated, signInAsAdmin } from "./fixtures";
import type { Page } from "@playwright/test";

test.use({ locale: "en", timezoneId: "Asia/Shanghai" });

async function openComposer(page: Page) {
  await signInAsAdmin(page);
  await openHydrated(page, "/compose");
  await expect(page.getByRole("heading", { level: 1, name: "Compose a push" })).toBeVisible();
}

async function addTag(page: Page, side: "ALL" | "ANY", n: number, tag: string) {
  await page.getByRole("button", { name: `Add a tag to ${side}` }).click();
  const input = page.getByLabel(`Tag ${n} (${side})`);
  await expect(input).toBeFocused();
  await input.fill(tag);
}

/** The request JSON without its MsgRandom, which each composer gets anew. */
async function requestWithoutRandom(page: Page) {
  const text = await page.getByRole("region", { name: "Request to be sent" }).locator("pre").textContent();
  return (text ?? "").replace(/"MsgRandom": \d+/, '"MsgRandom": 0');
}

test("a tag push with Chinese tags, a text and an image, sent and found in the history", async ({ page }) => {
  await openComposer(page);
  await page.getByLabel("By tags").check();
  await addTag(page, "ALL", 1, "会员");
  await addTag(page, "ANY", 1, "深圳");
  await addTag(page, "ANY", 2, "北京");
  const text = `双十一 e2e ${Date.now()}`;
  await page.getByLabel("Text (Text)", { exact: true }).fill(text);
  await page.getByLabel("Element type").selectOption({ label: "Image" });
  await page.getByRole("button", { name: "Add element" }).click();
  await page.getByLabel("UUID (UUID)", { exact: true }).fill("img-e2e-1");
  for (const variant of ["Original", "Large", "Thumbnail"]) {
    await page.getByLabel(`${variant} · URL (URL)`).fill(`https://example.com/${variant}.png`);
  }
  await page.getByLabel("Notification title", { exact: true }).fill("双十一");
  await page.getByLabel("Notification text (empty: the message's text)").fill("今晚八点开抢");

  const sentence = page.getByRole("region", { name: "Audience" }).getByText(/users who have all of the tags/);
  await expect(sentence).toContainText("“会员”");
  await expect(page.getByRole("region", { name: "Audience" }).locator("pre")).toContainText('"TagsOr": [');
  await expect(page.getByText("No problems: ready to send.")).toBeVisible();
  // The preview follows the typing.
  await expect(page.getByRole("figure", { name: "iOS" })).toContainText("今晚八点开抢");

  await page.getByRole("button", { name: "Review and send…" }).click();
  const dialog = page.getByRole("dialog", { name: "Send this push?" });
  await expect(dialog).toContainText("Sandbox");
  await expect(dialog).toContainText("“深圳”");
  await expect(dialog).toContainText("1 day(s)");
  await dialog.getByRole("button", { name: "Send now" }).click();

  const sent = page.getByRole("status").filter({ hasText: "Sent." });
  await expect(sent).toBeVisible();
  const taskId = (await sent.locator("code").textContent())?.trim() ?? "";
  expect(taskId).not.toEqual("");
  await expect(page.getByRole("button", { name: "Review and send…" })).toBeDisabled();

  await sent.getByRole("link", { name: "View in history" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Push #\d+$/);
  await expect(page.getByRole("region", { name: "Summary" })).toContainText(taskId);
  await expect(page.locator("pre.code")).toContainText("img-e2e-1");
  await openHydrated(page, "/history");
  await expect(page.getByRole("table", { name: "Pushes" }).getByRole("row").filter({ hasText: text })).toContainText(taskId);
});

test("a 17-character Chinese tag is refused as it is typed; one character less clears it", async ({ page }) => {
  await openComposer(page);
  await page.getByLabel("Text (Text)", { exact: true }).fill("hello");
  await page.getByLabel("By tags").check();
  await addTag(page, "ALL", 1, "股".repeat(17));
  const send = page.getByRole("button", { name: "Review and send…" });
  const tagField = page.getByLabel("Tag 1 (ALL)");
  await expect(page.getByText("This tag is 51 bytes long", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("(prevents API error 90020)").first()).toBeVisible();
  await expect(tagField).toHaveAttribute("aria-invalid", "true");
  await expect(send).toBeDisabled();
  await tagField.press("End");
  await tagField.press("Backspace");
  await expect(page.getByText("This tag is 51 bytes long", { exact: false })).toHaveCount(0);
  await expect(tagField).toHaveAttribute("aria-invalid", "false");
  await expect(page.getByText("48 / 50 bytes")).toBeVisible();
  await expect(send).toBeEnabled();
});

test("switching from tags to attributes says so, clears the tags, and offers the app's attribute names", async ({ page }) => {
  await openComposer(page);
  await page.getByLabel("By tags").check();
  await addTag(page, "ALL", 1, "vip");
  await page.getByLabel("By attributes").check();
  await expect(page.getByRole("alertdialog")).toContainText("clears the 1 tag(s)");
  await page.getByRole("button", { name: "Switch and clear" }).click();
  await expect(page.getByLabel("Tag 1 (ALL)")).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Audience" }).locator("pre")).not.toContainText("TagsAnd");
  await page.getByRole("button", { name: "Add an ALL attribute" }).click();
  const name = page.getByLabel("Attribute 1");
  await expect(name.locator("option")).toHaveText(["Choose an attribute", "city", "会员等级", "gender", "language"]);
  await name.selectOption("city");
  await page.getByLabel("Value 1").fill("深圳");
  await expect(page.getByRole("region", { name: "Audience" }).locator("pre")).toContainText('"city": "深圳"');
  // Back to tags: the attributes go, after the same question.
  await page.getByLabel("By tags").check();
  await page.getByRole("button", { name: "Switch and clear" }).click();
  await expect(page.getByLabel("Value 1")).toHaveCount(0);
});

test("a saved draft reopens identical, element by element", async ({ page }) => {
  await openComposer(page);
  await page.getByLabel("By tags").check();
  await addTag(page, "ANY", 1, "新用户");
  await page.getByLabel("Text (Text)", { exact: true }).fill("第一行\nsecond line");
  await page.getByLabel("Element type").selectOption({ label: "Location" });
  await page.getByRole("button", { name: "Add element" }).click();
  await page.getByLabel("Description (Desc)", { exact: true }).fill("深圳湾");
  await page.getByLabel("Latitude (Latitude)").fill("22.5");
  await page.getByLabel("Longitude (Longitude)").fill("113.9");
  await page.getByLabel("Element type").selectOption({ label: "Custom" });
  await page.getByRole("button", { name: "Add element" }).click();
  await page.getByLabel("Data (Data)", { exact: true }).fill('{"coupon": 5}');
  await page.getByRole("button", { name: "Move element 3 up" }).click();
  await page.getByLabel("Custom", { exact: true }).check();
  await page.getByLabel("Custom time in seconds (at most 604800 = 7 days)").fill("5400");
  await page.getByLabel("Send an offline notification").uncheck();
  const before = await requestWithoutRandom(page);
  expect(before).toContain('"MsgLifeTime": 5400');

  const name = `e2e draft ${Date.now()}`;
  await page.getByLabel("Draft name").fill(name);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();

  await openHydrated(page, "/compose");
  expect(await requestWithoutRandom(page)).not.toEqual(before);
  await page.getByRole("button", { name: `Open draft ${name}` }).click();
  await expect(page.getByLabel("Draft name")).toHaveValue(name);
  await expect.poll(() => requestWithoutRandom(page)).toEqual(before);
  await expect(page.getByLabel("Description (Desc)", { exact: true })).toHaveValue("深圳湾");
  await expect(page.getByRole("heading", { name: "2. Custom" })).toBeVisible();
  await expect(page.getByLabel("Custom time in seconds (at most 604800 = 7 days)")).toHaveValue("5400");
});

test("a push to everyone cannot be sent until the app's name is typed", async ({ page }) => {
  await openComposer(page);
  await page.getByLabel("Text (Text)", { exact: true }).fill("everyone, hello");
  await page.getByRole("button", { name: "Review and send…" }).click();
  const dialog = page.getByRole("dialog", { name: "Send this push?" });
  await expect(dialog).toContainText("all users of the app");
  const sendNow = dialog.getByRole("button", { name: "Send now" });
  await expect(sendNow).toBeDisabled();
  const confirm = dialog.getByLabel("This push goes to every user. Type the app's name, Sandbox, to confirm.");
  await confirm.fill("Sandbo");
  await expect(sendNow).toBeDisabled();
  await confirm.fill("Sandbox");
  await expect(sendNow).toBeEnabled();
  await confirm.press("Escape");
  await expect(dialog).toHaveCount(0);
});

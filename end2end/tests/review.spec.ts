import { test, expect, openHydrated, freshServer, signInAsAdmin, signInWithRole, words, ADMIN, type Lang } from "./fixtures";
import type { Page } from "@playwright/test";

// Approval on a console of its own whose sandbox asks a second person for
// every push (training off, as a real app); scheduling on the suite's
// console, whose sandbox sends without approval.
test.use({ timezoneId: "Asia/Shanghai" });

type T = ReturnType<typeof words>;

let strict: Awaited<ReturnType<typeof freshServer>>;
test.beforeAll(async () => {
  strict = await freshServer({ PUSH_CONSOLE_SANDBOX_APPROVAL: "all", PUSH_CONSOLE_SANDBOX_TRAINING: "false" });
});
test.afterAll(async () => {
  await strict.stop();
});

/** A tag push through the four steps, up to the review step. */
async function composeTagPush(page: Page, t: T, origin: string, text: string) {
  await openHydrated(page, `${origin}/compose`);
  await page.getByLabel(t("audience_tags")).check();
  await page.getByRole("button", { name: t("add_tag_any") }).click();
  await page.getByLabel(t("tag_any_n", { n: 1 }), { exact: true }).fill("vip");
  await page.getByRole("button", { name: t("step_next_to", { step: t("step_message") }) }).click();
  await page.getByLabel(t("f_text"), { exact: true }).fill(text);
  await page.getByRole("button", { name: t("step_next_to", { step: t("step_notification") }) }).click();
  await page.getByRole("button", { name: t("step_next_to", { step: t("step_review") }) }).click();
}

/** The first whole minute at least `ahead` ms from now, as a datetime-local
 * value in Asia/Shanghai (UTC+8). The field holds no seconds: cutting them
 * off could leave the time under the minute ahead the composer asks for by
 * the time the dialog is confirmed. */
function shanghaiLocal(ahead: number): string {
  const at = Math.ceil((Date.now() + ahead) / 60_000) * 60_000;
  return new Date(at + 8 * 3600_000).toISOString().slice(0, 16);
}

async function schedule(page: Page, t: T, text: string, ahead: number) {
  await composeTagPush(page, t, "", text);
  await page.getByLabel(t("when_later")).check();
  await page.getByLabel(t("when_at_label")).fill(shanghaiLocal(ahead));
  await expect(page.getByTestId("when-zones")).toContainText("UTC");
  await page.getByRole("button", { name: t("schedule_button") }).click();
  await page.getByRole("dialog", { name: t("confirm_schedule_heading") }).getByRole("button", { name: t("schedule_now") }).click();
  const held = page.getByTestId("held-outcome");
  await expect(held).toContainText(t("held_scheduled"));
  await held.getByRole("link", { name: t("view_in_history") }).click();
  await expect(page.getByTestId("review-scheduled")).toBeVisible();
  return page.url();
}

for (const lang of ["en", "zh-CN"] as Lang[]) {
  test.describe(`in ${lang}`, () => {
    test.use({ locale: lang });

    test("an operator submits a tag push for approval, cannot approve it, and an admin approves it with their password", async ({ page, browser }) => {
      const t = words(lang);
      const origin = strict.url;
      const operator = await signInWithRole(page, "Operator", origin);
      const text = `four eyes ${lang} ${Date.now()}`;
      await composeTagPush(page, t, origin, text);
      await page.getByRole("button", { name: t("submit_button") }).click();
      const dialog = page.getByRole("dialog", { name: t("confirm_submit_heading") });
      await dialog.getByRole("button", { name: t("submit_now") }).click();
      const held = page.getByTestId("held-outcome");
      await expect(held).toContainText(t("held_submitted"));
      await held.getByRole("link", { name: t("view_in_history") }).click();
      await expect(page.getByTestId("own-push-note")).toHaveText(t("review_own_push"));
      await expect(page.getByRole("button", { name: t("review_approve") })).toHaveCount(0);
      const pushId = Number(new URL(page.url()).pathname.split("/").pop());
      const digest = (await page.getByTestId("review-digest").textContent())?.trim() ?? "";
      expect(digest).toMatch(/^[0-9a-f]{64}$/);
      // Not only hidden: the server refuses the requester.
      const own = await page.request.post(`${origin}/api/review/approve`, {
        form: { push_id: String(pushId), digest, password: `${operator} has a long passphrase` },
        headers: { accept: "application/json" },
      });
      expect(own.status()).toBe(403);

      // The admin, in a browser of their own, finds it awaiting and approves.
      const adminContext = await browser.newContext({ locale: lang, timezoneId: "Asia/Shanghai" });
      const admin = await adminContext.newPage();
      await signInAsAdmin(admin, origin);
      await openHydrated(admin, `${origin}/waiting`);
      await expect(admin.getByTestId("awaiting-count")).toHaveText(/\d+/);
      const row = admin.getByRole("row").filter({ hasText: text });
      await expect(row).toContainText(operator);
      await row.getByRole("link").click();
      await expect(admin.getByTestId("review-digest")).toHaveText(digest);
      await admin.getByLabel(t("review_password")).fill(ADMIN.password);
      await admin.getByRole("button", { name: t("review_approve") }).click();
      await expect(admin.getByRole("heading", { name: t("review_heading") })).toBeVisible();
      await expect(admin.locator(".badge-sent").first()).toBeVisible();
      const taskId = (await admin.getByTestId("task-id-cell").textContent())?.trim() ?? "";
      expect(taskId).not.toEqual("");

      await openHydrated(admin, `${origin}/history`);
      const line = admin.getByRole("table", { name: t("history_results") }).getByRole("row").filter({ hasText: text });
      await expect(line.getByTestId("task-id-cell")).toHaveText(taskId);
      await expect(line).toContainText(operator);
      await expect(line.getByTestId("approver")).toHaveText(t("approved_by", { name: ADMIN.name }));
      await adminContext.close();
    });

    test("an operator schedules a push and cancels it; another scheduled push goes out at its time", async ({ page }) => {
      test.setTimeout(230_000);
      const t = words(lang);
      await signInWithRole(page, "Operator");
      // The one that goes: at a whole minute 70 to 130 s from now.
      const goes = `scheduled ${lang} ${Date.now()}`;
      const goesUrl = await schedule(page, t, goes, 70_000);
      // The one cancelled.
      await schedule(page, t, `cancelled ${lang} ${Date.now()}`, 70_000);
      await page.getByRole("button", { name: t("review_cancel") }).click();
      const confirm = page.getByRole("alertdialog");
      await expect(confirm).toContainText(t("review_cancel_confirm"));
      await confirm.getByRole("button", { name: t("review_yes") }).click();
      await expect(page.locator(".badge-cancelled").first()).toBeVisible();
      await expect(page.getByTestId("steps")).toContainText(t("step_cancel"));

      await page.goto(goesUrl);
      await expect(async () => {
        await page.reload();
        await expect(page.getByTestId("task-id-cell")).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 170_000, intervals: [3000] });
      const taskId = (await page.getByTestId("task-id-cell").textContent())?.trim() ?? "";
      await openHydrated(page, "/history");
      const line = page.getByRole("table", { name: t("history_results") }).getByRole("row").filter({ hasText: goes });
      await expect(line.getByTestId("task-id-cell")).toHaveText(taskId);
    });
  });
}

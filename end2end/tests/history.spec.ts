import { test, expect, openHydrated, signInAsAdmin } from "./fixtures";

test.use({ locale: "en", timezoneId: "Europe/Berlin" });

test("a sent push is in the history with its TaskId, its detail shows the exact request, the audit log has it", async ({ page }) => {
  await signInAsAdmin(page);
  const json = { accept: "application/json" };
  const ticket = await (await page.request.post("/api/push/ticket", { headers: json })).json();
  const text = `e2e 历史 ${Date.now()}`;
  const sent = await page.request.post("/api/push/send", {
    headers: json,
    data: {
      app_id: "sandbox",
      key: ticket.key,
      request: {
        MsgRandom: ticket.msg_random,
        Condition: { TagsOr: ["vip", "新用户"] },
        MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: text } }],
      },
    },
  });
  expect(sent.status(), await sent.text()).toBe(200);
  const taskId: string = (await sent.json()).Sent.task_id;

  await openHydrated(page, "/history");
  // The first load tells the server the browser's zone; the next page uses it.
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByText("Times are shown in Europe/Berlin.")).toBeVisible();
  const table = page.getByRole("table", { name: "Pushes" });
  const row = table.getByRole("row").filter({ hasText: text });
  await expect(row).toContainText(taskId);
  await expect(row).toContainText("Sent");

  // Filter by TaskId with the keyboard: type, Enter.
  const search = page.getByLabel("Text or TaskId");
  await search.fill(taskId);
  await search.press("Enter");
  await expect(page).toHaveURL(/text=/);
  await expect(table.getByRole("row")).toHaveCount(2);

  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Push #\d+$/);
  await expect(page.getByRole("region", { name: "Summary" })).toContainText(taskId);
  // As sent (the bytes), and indented beside it.
  await expect(page.getByTestId("request-sent")).toContainText(`"MsgRandom":${ticket.msg_random}`);
  await expect(page.getByTestId("request-pretty")).toContainText(`"MsgRandom": ${ticket.msg_random}`);
  await expect(page.getByTestId("request-sent")).toContainText("新用户");
  await expect(page.getByRole("region", { name: "Attempts" })).toContainText("Attempt 1");

  await openHydrated(page, "/audit?group=push");
  const events = page.getByRole("table", { name: "Events" });
  await expect(events).toContainText("push.send");
  await expect(events).toContainText("push.outcome");
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /\/export\/audit\.csv\?group=push/);

  // The words filter finds the outcome by its TaskId, from the trigram
  // index, and keeps the group; the CSV link carries both.
  await page.getByLabel("Words in the target or details").fill(taskId);
  await page.getByLabel("Words in the target or details").press("Enter");
  await expect(page).toHaveURL(new RegExp(`text=${taskId}`));
  await expect(events.getByRole("row")).toHaveCount(2);
  await expect(events).toContainText("push.outcome");
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", new RegExp(`text=${taskId}`));
  // In Chinese, the same field, its words kept.
  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(page.getByLabel("目标或详情中的文字")).toHaveValue(taskId);
  await page.getByLabel("目标或详情中的文字").fill("不存在的词");
  await page.getByLabel("目标或详情中的文字").press("Enter");
  await expect(page).toHaveURL(/text=/);
  await expect(page.getByText("没有符合筛选条件的事件。")).toBeVisible();
  await expect(page.getByRole("table", { name: "事件" })).toHaveCount(0);
});

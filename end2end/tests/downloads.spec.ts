import { test, expect, openHydrated, signInAsAdmin } from "./fixtures";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";

test.use({ locale: "en", timezoneId: "Asia/Shanghai" });

/** Clicks `link` as a person would, waits for Chromium to save the file,
 * and returns its rows (after the byte-order mark every CSV starts with). */
async function download(page: Page, click: () => Promise<void>): Promise<string[]> {
  const [saved] = await Promise.all([page.waitForEvent("download"), click()]);
  expect(await saved.failure(), "the download finished").toBeNull();
  const bytes = readFileSync(await saved.path());
  expect([...bytes.subarray(0, 3)], "a byte-order mark").toEqual([0xef, 0xbb, 0xbf]);
  return bytes.subarray(3).toString("utf8").split("\r\n").filter((l) => l.length > 0);
}

test("every CSV downloads whole in Chromium: history, audit log, a job's malformed lines and failures", async ({ page }) => {
  await signInAsAdmin(page);
  const json = { accept: "application/json" };
  const ticket = await (await page.request.post("/api/push/ticket", { headers: json })).json();
  const text = `e2e 下载 ${Date.now()}`;
  const sent = await page.request.post("/api/push/send", {
    headers: json,
    data: {
      app_id: "sandbox",
      key: ticket.key,
      request: { MsgRandom: ticket.msg_random, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: text } }] },
    },
  });
  expect(sent.status(), await sent.text()).toBe(200);

  await openHydrated(page, "/history");
  const history = await download(page, () => page.getByRole("link", { name: "Export CSV" }).click());
  expect(history[0]).toMatch(/^id,time,time_zone,app/);
  expect(history.some((row) => row.includes(text))).toBe(true);

  await openHydrated(page, "/audit?group=export");
  const audit = await download(page, () => page.getByRole("link", { name: "Export CSV" }).click());
  expect(audit.length).toBeGreaterThan(1);
  expect(audit.some((row) => row.includes("export.history"))).toBe(true);

  // A job whose file has a malformed line.
  await openHydrated(page, "/audience/jobs");
  await page.getByLabel("Tags (separated by commas)").fill("e2e下载");
  await page.getByLabel("Requests a second").fill("50");
  await page.getByLabel("File of account IDs").setInputFiles({
    name: "e2e-download.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(["account", "dl00001", "two words", "dl00002"].join("\n")),
  });
  await page.getByRole("button", { name: "Start job" }).click();
  await expect(page).toHaveURL(/\/audience\/jobs\/\d+$/);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await expect(page.getByRole("status").filter({ hasText: "Finished" })).toBeVisible({ timeout: 20_000 });
  const malformed = await download(page, () =>
    page.getByRole("link", { name: "Download all malformed lines (CSV)" }).click(),
  );
  expect(malformed).toEqual(["line,problem,text", "3,spaces,two words"]);
  // No account failed, so the page offers no failures file; the address
  // still answers with its header, downloaded as a browser does.
  const jobPath = new URL(page.url()).pathname;
  const failures = await download(page, () =>
    page.evaluate((href) => {
      const a = document.createElement("a");
      a.href = href;
      a.download = "";
      document.body.append(a);
      a.click();
      a.remove();
    }, `${jobPath}/failed.csv`),
  );
  expect(failures).toEqual(["account,error_code,error"]);
});

import { test, expect, openHydrated, signInAsAdmin } from "./fixtures";

test.use({ locale: "en", timezoneId: "Asia/Shanghai" });

test("look up a demo user, add a Chinese tag, see it, remove it", async ({ page }) => {
  await signInAsAdmin(page);
  await openHydrated(page, "/audience");
  await expect(page.getByRole("heading", { level: 1, name: "Audience" })).toBeVisible();
  const accounts = page.getByLabel("Account IDs");
  await accounts.fill(`user00042\n${"x".repeat(33)}`);
  await expect(page.getByText(`“${"x".repeat(33)}” is not an account ID`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Look up" })).toBeDisabled();
  await accounts.fill("user00042");
  await page.getByRole("button", { name: "Look up" }).click();
  const row = page.getByRole("row", { name: /user00042/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText("city = ");

  const tag = "端到端测试";
  const input = page.getByLabel("Tags to add (separated by commas)");
  // A tag too long for the API is refused while typing.
  await input.fill("深".repeat(17));
  await expect(page.getByText("This tag is 51 bytes long")).toBeVisible();
  await expect(page.getByRole("button", { name: "Add tags" })).toBeDisabled();
  await input.fill(tag);
  await page.getByRole("button", { name: "Add tags" }).click();
  const remove = page.getByRole("button", { name: `Remove tag “${tag}” from user00042` });
  await expect(remove).toBeVisible();
  await expect(row).toContainText(tag);

  await remove.click();
  await expect(remove).toHaveCount(0);
  await expect(page.getByRole("row", { name: /user00042/ })).not.toContainText(tag);
});

test("upload a small file and watch the progress bar reach 100 %", async ({ page }) => {
  await signInAsAdmin(page);
  await openHydrated(page, "/audience/jobs");
  await expect(page.getByRole("heading", { level: 1, name: "Bulk jobs" })).toBeVisible();
  await expect(page.getByLabel("Change")).toHaveValue("add_tags");
  await page.getByLabel("Tags (separated by commas)").fill("e2e批量, wave");
  await page.getByLabel("Requests a second").fill("4");
  const lines = ["account"];
  for (let i = 1; i <= 1000; i++) lines.push(`e2e${String(i).padStart(5, "0")}`);
  lines.splice(501, 0, "bad line");
  await page.getByLabel("File of account IDs").setInputFiles({
    name: "e2e-accounts.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(lines.join("\n")),
  });
  await expect(page.getByText("Add tags “e2e批量”, “wave”")).toBeVisible();
  await page.getByRole("button", { name: "Start job" }).click();

  await expect(page).toHaveURL(/\/audience\/jobs\/\d+$/);
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  const bar = page.getByRole("progressbar", { name: "Progress" });
  await expect(bar).toBeVisible();
  // Ten requests at four a second: the bar is seen part-way, then full.
  await expect(bar).toHaveAttribute("max", "1000");
  await expect(page.getByText(/^\d+ \/ 1000 · \d+ %$/)).toBeVisible();
  await expect(page.getByText("1000 / 1000 · 100 %")).toBeVisible({ timeout: 20_000 });
  await expect(bar).toHaveAttribute("value", "1000");
  await expect(page.getByRole("status").filter({ hasText: "Finished" })).toBeVisible();
  // The malformed line is reported with its line number.
  const malformed = page.getByRole("region", { name: "Malformed lines" });
  await expect(malformed.getByRole("row", { name: /502/ })).toContainText("Contains spaces");
  await expect(malformed.getByRole("link", { name: "Download all malformed lines (CSV)" })).toBeVisible();

  // The users carry the tag now.
  await openHydrated(page, "/audience");
  await page.getByLabel("Account IDs").fill("e2e00001 e2e01000");
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByRole("row", { name: /e2e01000/ })).toContainText("e2e批量");
});

test("renaming an attribute warns whom it changes, and a name is checked as it is typed", async ({ page }) => {
  await signInAsAdmin(page);
  await openHydrated(page, "/audience/attributes");
  const first = page.getByLabel("Attribute 0", { exact: true });
  await expect(first).toHaveValue("city");
  await first.fill("town");
  await expect(page.getByText(/pushes and drafts that name “city”/)).toBeVisible();
  await page.getByLabel("Attribute 5", { exact: true }).fill("gender");
  await expect(page.getByText("“gender” appears twice")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save names" })).toBeDisabled();
  await page.getByLabel("Attribute 5", { exact: true }).fill("");
  await first.fill("city");
  await expect(page.getByRole("button", { name: "Save names" })).toBeDisabled();
});

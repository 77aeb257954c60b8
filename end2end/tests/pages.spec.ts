// Every page, as people meet it: in both languages and switched between them
// mid-page, checked by axe, used with the keyboard alone, at the widths of
// real screens, and refused to a role that may not open it.
import {
  test,
  expect,
  openHydrated,
  signInAsAdmin,
  signInWithRole,
  expectNoSeriousAxeViolations,
  words,
  type Lang,
} from "./fixtures";
import type { Page } from "@playwright/test";

const json = { accept: "application/json" };

/** Sends a push through the API as the composer does; returns its record's
 * id. A push refused only because the app's previous one was under a second
 * ago is sent again when the server says the slot is free. */
async function sendPush(
  page: Page,
  request: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<{ id: number; body: unknown }> {
  for (;;) {
    const ticket = await (await page.request.post("/api/push/ticket", { headers: json })).json();
    const res = await page.request.post("/api/push/send", {
      headers: json,
      data: { app_id: "sandbox", key: ticket.key, request: { MsgRandom: ticket.msg_random, ...request }, ...extra },
    });
    expect(res.status(), await res.text()).toBe(200);
    const body = await res.json();
    const tooSoon = body.Refused?.reason?.TooSoon;
    if (tooSoon) {
      await new Promise((r) => setTimeout(r, tooSoon.retry_after_ms));
      continue;
    }
    const outcome = Object.values(body)[0] as { push_id: number };
    return { id: outcome.push_id, body };
  }
}

/** The pages an admin can open, with one sent and one scheduled push's
 * page among them. */
async function adminPages(page: Page): Promise<string[]> {
  const { id } = await sendPush(page, {
    Condition: { TagsOr: ["vip"] },
    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: `pages ${Date.now()}` } }],
  });
  const later = await sendPush(
    page,
    {
      Condition: { TagsOr: ["vip"] },
      MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: `pages later ${Date.now()}` } }],
    },
    { send_at_us: (Date.now() + 3600_000) * 1000 },
  );
  return [
    "/", "/compose", "/audience", "/audience/jobs", "/audience/attributes", "/history", `/history/${id}`,
    `/history/${later.id}`, "/waiting", "/audit", "/users", "/account",
  ];
}

/** Everything a person can read or hear on the page: its text, and the
 * names given in attributes. */
async function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attrs = Array.from(document.querySelectorAll("[aria-label],[title],[placeholder],[alt]")).flatMap((el) =>
      ["aria-label", "title", "placeholder", "alt"].map((a) => el.getAttribute(a) ?? ""),
    );
    return [document.title, document.body.innerText, ...attrs].join("\n");
  });
}

/** Fragments of `from`'s sentences that `to` does not share: the longest
 * literal run of each (placeholders cut out), when long enough that data on
 * the page cannot contain it by chance. */
function foreignFragments(from: Lang, to: Lang): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("node:fs") as typeof import("node:fs");
  const read = (l: Lang): Record<string, string> => JSON.parse(fs.readFileSync(`${__dirname}/../../locales/${l}.json`, "utf8"));
  const a = read(from);
  const b = read(to);
  const minimum = from === "en" ? 14 : 5;
  const out = new Set<string>();
  for (const [key, text] of Object.entries(a)) {
    if (text === b[key]) continue;
    const longest = text.split(/\{\{[^}]*\}\}/).map((s) => s.trim()).sort((x, y) => y.length - x.length)[0] ?? "";
    if (longest.length >= minimum && !Object.values(b).some((other) => other.includes(longest))) out.add(longest);
  }
  return [...out];
}

test.describe("every page", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  for (const lang of ["en", "zh-CN"] as Lang[]) {
    test(`axe finds nothing serious on any page in ${lang}, the composer's steps included`, async ({ browser }) => {
      test.setTimeout(120_000);
      const context = await browser.newContext({ locale: lang });
      const page = await context.newPage();
      const t = words(lang);
      await signInAsAdmin(page);
      // The gate can fail: a picture without a text alternative is critical.
      await openHydrated(page, "/");
      await page.evaluate(() => document.querySelector("main")?.append(Object.assign(document.createElement("img"), { src: "/example-image.png" })));
      await expect(expectNoSeriousAxeViolations(page, "a page with a broken picture")).rejects.toThrow(/image-alt/);
      for (const path of await adminPages(page)) {
        await openHydrated(page, path);
        await expectNoSeriousAxeViolations(page, `${path} (${lang})`);
      }
      await openHydrated(page, "/compose");
      for (const step of ["step_message", "step_notification", "step_review"]) {
        await page.getByRole("navigation", { name: t("steps_label") }).getByRole("button", { name: t(step) }).click();
        await expectNoSeriousAxeViolations(page, `/compose ${step} (${lang})`);
      }
      await context.close();
      const signedOut = await browser.newContext({ locale: lang });
      const login = await signedOut.newPage();
      await openHydrated(login, "/login");
      await expectNoSeriousAxeViolations(login, `/login (${lang})`);
      await signedOut.close();
    });
  }

  for (const [from, to] of [["en", "zh-CN"], ["zh-CN", "en"]] as [Lang, Lang][]) {
    test(`switching from ${from} to ${to} on every page leaves no ${from} words`, async ({ browser }) => {
      test.setTimeout(120_000);
      const context = await browser.newContext({ locale: from });
      const page = await context.newPage();
      await signInAsAdmin(page);
      const foreign = foreignFragments(from, to);
      expect(foreign.length).toBeGreaterThan(50);
      for (const path of await adminPages(page)) {
        await openHydrated(page, path);
        // The check can fail: before the switch, the page is in `from`.
        const before = await pageWords(page);
        expect(foreign.some((f) => before.includes(f)), `${path} shows ${from} words before the switch`).toBe(true);
        await page.getByLabel(words(from)("lang_label")).selectOption(to);
        await expect(page.locator("html")).toHaveAttribute("lang", to);
        const shown = await pageWords(page);
        const left = foreign.filter((f) => shown.includes(f));
        expect(left, `${path}: ${from} words after switching to ${to}`).toEqual([]);
        // Back, for the next page to start in `from` again.
        await page.getByLabel(words(to)("lang_label")).selectOption(from);
      }
      await context.close();
    });
  }
});

test.describe("at the widths of real screens", () => {
  test.use({ locale: "en" });
  const t = words("en");

  for (const width of [1280, 1366]) {
    test(`the attribute editor's two lists do not overlap at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await signInAsAdmin(page);
      await openHydrated(page, "/compose");
      await page.getByLabel("By attributes").check();
      await page.getByRole("button", { name: "Add an ALL attribute" }).click();
      await page.getByRole("button", { name: "Add an ANY attribute" }).click();
      const lists = page.locator(".attr-editor fieldset");
      await expect(lists).toHaveCount(2);
      const [all, any] = [await lists.nth(0).boundingBox(), await lists.nth(1).boundingBox()];
      const panel = await page.getByRole("region", { name: "Audience" }).boundingBox();
      if (!all || !any || !panel) throw new Error("no boxes");
      const apart = all.x + all.width <= any.x + 0.5 || any.y >= all.y + all.height - 0.5;
      expect(apart, `ALL ${JSON.stringify(all)} and ANY ${JSON.stringify(any)} overlap`).toBe(true);
      for (const box of [all, any]) expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width + 0.5);
      // Every control of a row stays inside its list.
      for (const i of [0, 1]) {
        const list = (await lists.nth(i).boundingBox())!;
        for (const control of await lists.nth(i).locator(".attr-row select, .attr-row input, .attr-row button").all()) {
          const box = (await control.boundingBox())!;
          expect(box.x + box.width).toBeLessThanOrEqual(list.x + list.width + 0.5);
        }
      }
    });
  }

  test("status badges differ by status, a TaskId is whole, and the navigation stays on one line at 1280 px", async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signInAsAdmin(page);
    const stamp = Date.now();
    const text = (what: string) => `badge ${what} ${stamp}`;
    const body = (what: string) => [{ MsgType: "TIMTextElem", MsgContent: { Text: text(what) } }];
    const sent = await sendPush(page, { Condition: { TagsOr: ["vip"] }, MsgBody: body("sent") });
    expect(Object.keys(sent.body as object)).toEqual(["Sent"]);
    // Refused by our own rules before sending.
    await sendPush(page, { Condition: { TagsOr: [""] }, MsgBody: body("refused") });
    await openHydrated(page, `/history?text=${stamp}`);
    const table = page.getByRole("table", { name: "Pushes" });
    const colourOf = async (what: string) =>
      table.getByRole("row").filter({ hasText: text(what) }).locator(".badge").evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.backgroundColor} / ${s.color}`;
      });
    const shown = [await colourOf("sent"), await colourOf("refused")];
    expect(new Set(shown).size, shown.join(", ")).toBe(2);
    // Every status has its own colours in the stylesheet, the ones not on screen too.
    const all = await page.evaluate(() =>
      ["sent", "failed", "unknown", "refused", "sending", "awaiting_approval", "approved", "scheduled",
       "rejected", "withdrawn", "superseded", "cancelled", "missed"].map((s) => {
        const el = document.createElement("span");
        el.className = `badge badge-${s}`;
        document.body.append(el);
        const c = getComputedStyle(el);
        const v = `${c.backgroundColor} / ${c.color}`;
        el.remove();
        return v;
      }),
    );
    expect(new Set(all).size, all.join(", ")).toBe(13);

    const cell = table.getByRole("row").filter({ hasText: text("sent") }).locator("td.col-task");
    await expect(cell.getByTestId("task-id-cell")).not.toBeEmpty();
    for (const el of [cell, cell.getByTestId("task-id-cell")]) {
      const { scroll, client } = await el.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
      expect(scroll, "the TaskId is not clipped").toBeLessThanOrEqual(client);
    }
    const wrap = await page.locator(".table-wrap").evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(wrap.scroll, "the table fits without scrolling").toBeLessThanOrEqual(wrap.client);
    // Rows are compact: at most two lines of text.
    const heights = await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    for (const h of heights) expect(h).toBeLessThan(70);

    const tops = await page.locator(".mainnav a").evaluateAll((links) => links.map((a) => a.getBoundingClientRect().top));
    expect(new Set(tops).size, "the navigation is one line").toBe(1);
    const navRight = Math.max(...(await page.locator(".mainnav a").evaluateAll((links) => links.map((a) => a.getBoundingClientRect().right))));
    const endLeft = await page.locator(".topbar-end").evaluate((e) => e.getBoundingClientRect().left);
    expect(navRight, "the navigation does not run under who is signed in").toBeLessThanOrEqual(endLeft);
    const bar = await page.locator(".topbar").evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
    expect(bar.scroll, "the top bar fits").toBeLessThanOrEqual(bar.client);
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  });

  test("on a phone the navigation folds into a menu that the keyboard opens", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAsAdmin(page);
    await openHydrated(page, "/history");
    const nav = page.getByRole("navigation", { name: t("nav_label") });
    await expect(nav).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav.getByRole("link", { name: "Audit log" })).toBeVisible();
    await nav.getByRole("link", { name: "Audit log" }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(nav).toBeHidden();
  });
});

test.describe("with the keyboard alone", () => {
  test.use({ locale: "en", viewport: { width: 1280, height: 800 } });

  /** Presses Tab until `target` has focus (at most `limit` times). */
  async function tabTo(page: Page, target: ReturnType<Page["getByRole"]>, limit = 60) {
    for (let i = 0; i < limit; i++) {
      if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${target}`);
  }

  test("a whole tag push, from the first field to its TaskId", async ({ page }) => {
    await signInAsAdmin(page);
    await openHydrated(page, "/compose");
    await tabTo(page, page.getByLabel("Everyone"));
    await page.keyboard.press("ArrowRight");
    await expect(page.getByLabel("By tags")).toBeChecked();
    await tabTo(page, page.getByRole("button", { name: "Add a tag to ALL" }));
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Tag 1 (ALL)")).toBeFocused();
    await page.keyboard.type("vip");
    await tabTo(page, page.getByRole("button", { name: "Next: Message" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Message", level: 2 })).toBeFocused();
    await tabTo(page, page.getByLabel("Text", { exact: true }));
    const text = `keyboard ${Date.now()}`;
    await page.keyboard.type(text);
    await tabTo(page, page.getByRole("button", { name: "Next: Notification" }));
    await page.keyboard.press("Enter");
    await tabTo(page, page.getByRole("button", { name: "Next: Review and send" }));
    await page.keyboard.press("Enter");
    await tabTo(page, page.getByRole("button", { name: "Send…" }));
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Send this push?" });
    await expect(dialog).toBeVisible();
    await tabTo(page, dialog.getByRole("button", { name: "Send now" }), 10);
    await page.keyboard.press("Enter");
    const sent = page.getByRole("status").filter({ hasText: "Sent." });
    await expect(sent).toBeVisible();
    await expect(sent.getByTestId("task-id")).not.toBeEmpty();
  });
});

test.describe("a page the role cannot open", () => {
  test.use({ locale: "en" });

  test("an auditor on /compose is told the role needed, with the way back", async ({ page }) => {
    await signInWithRole(page, "Auditor");
    await openHydrated(page, "/compose");
    const refusal = page.getByRole("alert");
    await expect(refusal.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
    await expect(refusal).toContainText("You are signed in as Auditor. This page is for Admin or Operator.");
    await expect(page.getByText("Something went wrong")).toHaveCount(0);
    await refusal.getByRole("link", { name: "Back to the overview" }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test("an operator on the attribute names sees the refusal and no Save button", async ({ page }) => {
    await signInWithRole(page, "Operator");
    await openHydrated(page, "/audience/attributes");
    await expect(page.getByRole("alert")).toContainText("This page is for Admin.");
    await expect(page.getByRole("button", { name: "Save names" })).toHaveCount(0);
  });
});

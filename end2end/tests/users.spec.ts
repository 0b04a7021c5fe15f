// The Users page on the demo company, once the first sync against the embedded simulator is done:
// sorting, filtering, search and paging, all through the URL.
import { test, expect, waitForHydration } from "./fixtures";
import type { Page } from "@playwright/test";

/** The demo syncs on start at Gong's real rate limits; wait for its first report. */
async function openUsersOnceSynced(page: Page, path = "/users") {
  await expect(async () => {
    await page.goto(path);
    await expect(page.getByTestId("users-table")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [2_000] });
  await waitForHydration(page);
}

function rows(page: Page) {
  return page.getByTestId("users-table").locator("tbody tr");
}

test("the demo company's users are listed fifty to a page", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openUsersOnceSynced(page);
  await expect(page.getByRole("status").filter({ hasText: /^Users 1–50 of \d+/ })).toBeVisible();
  await expect(rows(page)).toHaveCount(50);

  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole("status").filter({ hasText: /^Users 51–100 of/ })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("status").filter({ hasText: /^Users 1–50 of/ })).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test("sorting by name orders the rows and keeps the state in the URL", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openUsersOnceSynced(page);
  await page.getByRole("columnheader", { name: "Name" }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=name/);
  await expect(page.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "ascending");
  // SQLite's NOCASE folds ASCII letters only and then compares code points.
  const key = (name: string) => name.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const names = (await rows(page).locator("td:first-child").allTextContents()).map(key);
  expect(names.length).toBe(50);
  for (let i = 1; i < names.length; i++) expect(names[i - 1] <= names[i], `${names[i - 1]} before ${names[i]}`).toBe(true);
  expect(pageErrors).toEqual([]);
});

test("filtering by status shows only that status", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openUsersOnceSynced(page);
  await page.getByLabel("Status").selectOption("inactive");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=inactive/);
  const statuses = await rows(page).locator("td:nth-child(5) .status").allTextContents();
  expect(statuses.length).toBeGreaterThan(0);
  for (const status of statuses) expect(status).toBe("inactive");
  expect(pageErrors).toEqual([]);
});

test("a name that is markup is shown as text, never run", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  page.on("dialog", () => {
    throw new Error("a script from Gong data ran");
  });
  await openUsersOnceSynced(page, "/users?q=script");
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().locator("td").first()).toContainText('<script>alert("seat")</script>');
  expect(pageErrors).toEqual([]);
});

// The Sync page: "sync now" starts a run whose progress the server pushes to the page, and the new
// run joins the list when it ends.
import { test, expect, waitForHydration } from "./fixtures";

// First, so that the run it may queue has ended before the next test waits for a quiet moment.
test("sync now works without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/sync");
  await page.getByRole("button", { name: "Sync now" }).click();
  // The form posts and the server sends the browser back to the Sync page (with an empty query).
  await expect(page).toHaveURL(/\/sync\??$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sync" })).toBeVisible();
  await context.close();
});

test("a sync started from the Sync page shows its progress and then a new run", async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  const runs = page.getByTestId("sync-runs").locator("tbody tr");
  const progress = page.getByTestId("sync-progress");

  // The demo syncs on start; wait until that run has ended so "sync now" starts a fresh one.
  await expect(async () => {
    await page.goto("/sync");
    await expect(runs.first()).toBeVisible({ timeout: 1_000 });
    await expect(progress).toHaveText("No sync is running.", { timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [2_000] });
  await waitForHydration(page);
  const before = await runs.count();
  await expect(runs.first()).toContainText("complete");
  await expect(runs.first()).toContainText("hosted, attended, coached, listened");

  await page.getByRole("button", { name: "Sync now" }).click();
  // The run the previous test queued may be starting at this very moment; either way a manual run goes.
  await expect(
    page.getByRole("status").filter({ hasText: /^(A sync has started\.|A sync is already running)/ }),
  ).toBeVisible();
  // Pushed over server-sent events while the run goes on: its phase and counters.
  await expect(progress).toContainText(/Run \d+: /, { timeout: 30_000 });
  await expect(progress).toContainText(/\d+ requests/);
  await expect(progress.getByRole("progressbar", { name: "Windows done" })).toBeVisible();

  // When it ends the page says so and lists it first, without a reload.
  await expect(progress).toHaveText("No sync is running.", { timeout: 150_000 });
  await expect.poll(() => runs.count()).toBeGreaterThan(before);
  await expect(runs.first()).toContainText("manual");
  await expect(runs.first()).toContainText("complete");
  expect(pageErrors).toEqual([]);
});

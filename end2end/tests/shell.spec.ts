// The app shell: every page, the navigation after hydration, and the 404 page.
import { test, expect, waitForHydration } from "./fixtures";

const pages: [string, string][] = [
  ["/", "Overview"],
  ["/users", "Users"],
  ["/candidates", "Candidates"],
  ["/approvals", "Approvals"],
  ["/finance", "Finance"],
  ["/audit", "Audit log"],
  ["/sync", "Sync"],
  ["/settings", "Settings"],
];

for (const [path, title] of pages) {
  test(`the ${title} page loads with its title and hydrates without errors`, async ({ page, pageErrors }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle(`${title} · seat-audit`);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.getByRole("note").filter({ hasText: "Demo data." })).toBeVisible();
    await waitForHydration(page);
    expect(pageErrors).toEqual([]);
  });
}

test("a click in the navigation after hydration changes page without reloading", async ({ page, pageErrors }) => {
  await page.goto("/");
  await waitForHydration(page);
  // A full page load would wipe this; the client-side router keeps it.
  await page.evaluate(() => ((window as any).__stillHere = true));

  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Sync" }).click();

  await expect(page).toHaveURL(/\/sync$/);
  await expect(page).toHaveTitle("Sync · seat-audit");
  await expect(page.getByRole("heading", { level: 1, name: "Sync" })).toBeVisible();
  // The demo syncs on start, so the page lists that run, or says none has run yet.
  await expect(page.getByText("Sync runs, newest first").or(page.getByText("No sync has run yet"))).toBeVisible();
  await expect(nav.getByRole("link", { name: "Sync" })).toHaveAttribute("aria-current", "page");
  expect(await page.evaluate(() => (window as any).__stillHere)).toBe(true);
  expect(pageErrors).toEqual([]);
});

test("an unknown address shows the 404 page with status 404", async ({ page, pageErrors }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("Page not found · seat-audit");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await waitForHydration(page);
  // Chromium logs the document's own 404 as a failed resource; that one is what this test asks for.
  const others = pageErrors.filter((e) => !(e.includes("status of 404") && e.includes("/no/such/page")));
  expect(others).toEqual([]);
  pageErrors.length = 0;
});

test("the pages are readable without JavaScript", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByText("Demo: the embedded Gong simulator")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
  await expect(page).toHaveTitle("Overview · seat-audit");
  await context.close();
});

// Every page as each role opens it, checked by axe-core (WCAG 2.1 A and AA rules): no serious or
// critical violation. Pages are checked after the demo's first sync, so they hold real tables and
// charts, and after hydration, as a person would use them.
import AxeBuilder from "@axe-core/playwright";
import { Browser, Page } from "@playwright/test";
import { test, expect, waitForHydration, signIn, DEMO } from "./fixtures";
import { openOnceSynced } from "./demo";

/** The serious and critical violations on the open page, one line each. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} node(s), e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

async function as(browser: Browser, baseURL: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, email, password);
  return page;
}

/** Opens each page and collects what axe finds, by page. */
async function check(page: Page, paths: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    await page.goto(path);
    await waitForHydration(page);
    const lines = await violations(page);
    if (lines.length > 0) found[path] = lines;
  }
  return found;
}

test("every page passes axe-core for each role", async ({ page, browser, server }) => {
  test.setTimeout(300_000);
  await openOnceSynced(page, "/users", "users-table");
  const userPath = await page.getByTestId("users-table").locator("tbody tr a").first().getAttribute("href");
  expect(userPath).toMatch(/^\/users\//);

  const admin = await check(page, ["/", "/users", userPath!, "/candidates", "/approvals", "/finance", "/audit", "/sync", "/settings"]);
  const finance = await check(await as(browser, server.url, DEMO.finance.email, DEMO.finance.password), [
    "/",
    "/users",
    "/candidates",
    "/finance",
    "/sync",
  ]);
  const manager = await check(await as(browser, server.url, server.managerEmail, DEMO.managerPassword), [
    "/",
    "/users",
    "/approvals",
  ]);
  const auditor = await check(await as(browser, server.url, DEMO.auditor.email, DEMO.auditor.password), ["/audit"]);
  const context = await browser.newContext({ baseURL: server.url, storageState: { cookies: [], origins: [] } });
  const signedOut = await check(await context.newPage(), ["/login"]);
  expect({ admin, finance, manager, auditor, signedOut }).toEqual({ admin: {}, finance: {}, manager: {}, auditor: {}, signedOut: {} });
});

test("a manager approves from a phone: Approvals and User fit 390 px without sideways scrolling", async ({ browser, server }) => {
  const context = await browser.newContext({
    baseURL: server.url,
    storageState: { cookies: [], origins: [] },
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await signIn(page, server.managerEmail, DEMO.managerPassword);
  await openOnceSynced(page, "/users", "users-table");
  const userPath = await page.getByTestId("users-table").locator("tbody tr a").first().getAttribute("href");
  for (const path of ["/approvals", userPath!, "/users"]) {
    await page.goto(path);
    await waitForHydration(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} is ${width} px wide at 390`).toBeLessThanOrEqual(390);
  }
  // The main navigation stays usable: every link is on screen or reachable without sideways scrolling.
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

// Signing in and roles in the browser: a visitor is sent to the sign-in page and back to what they
// asked for; each role's navigation shows only its pages and the server refuses the others; a manager
// sees only their own subtree; signing out ends the session.
import { Browser, Page } from "@playwright/test";
import { test, expect, waitForHydration, signIn, DEMO } from "./fixtures";
import { openOnceSynced } from "./demo";

/** A page in a fresh browser context: no session. */
async function stranger(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

function navLinks(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link");
}

test("a visitor signs in, lands on the page they asked for, and signs out", async ({ browser, server }) => {
  const page = await stranger(browser, server.url);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  await page.goto("/users?sort=name");
  await expect(page).toHaveURL(/\/login\?next=/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveCount(0);

  await page.getByLabel("Email").fill(DEMO.finance.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toContainText("Wrong email or password");

  await page.getByLabel("Email").fill(DEMO.finance.email);
  await page.getByLabel("Password").fill(DEMO.finance.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/users\?sort=name$/);
  await waitForHydration(page);
  await expect(page.getByTestId("signed-in-as")).toContainText(`${DEMO.finance.email} · Finance`);
  await expect(navLinks(page)).toHaveText(["Overview", "Users", "Candidates", "Finance", "Sync"]);

  await page.goto("/sync");
  await expect(page.getByText("Only an admin starts a sync.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Sync now" })).toHaveCount(0);

  const settings = await page.goto("/settings");
  expect(settings?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not for this account" })).toBeVisible();

  await page.goto("/finance");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signed_out=1/);
  await expect(page.getByRole("status")).toHaveText("You are signed out.");
  await page.goto("/finance");
  await expect(page).toHaveURL(/\/login\?next=%2Ffinance/);
  expect(errors).toEqual([]);
  await page.context().close();
});

test("an auditor sees only the audit log, where their own sign-in is recorded", async ({ browser, server }) => {
  const page = await stranger(browser, server.url);
  await signIn(page, DEMO.auditor.email, DEMO.auditor.password);
  await expect(page).toHaveURL(/\/audit$/);
  await waitForHydration(page);
  await expect(navLinks(page)).toHaveText(["Audit log"]);
  await page.getByLabel("Actor (email)").fill(DEMO.auditor.email);
  await page.getByLabel("Action").selectOption("sign_in");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=sign_in/);
  const rows = page.getByTestId("audit-table").locator("tbody tr");
  await expect(rows.first()).toContainText(DEMO.auditor.email);
  await expect(rows.first()).toContainText("sign in");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export these as CSV" }).click();
  const csv = await (await download).path();
  expect(csv).toBeTruthy();
  expect((await page.goto("/users"))?.status()).toBe(403);
  await page.context().close();
});

test("a manager sees only the people below them in Gong", async ({ browser, server }) => {
  test.setTimeout(180_000);
  const page = await stranger(browser, server.url);
  await signIn(page, server.managerEmail, DEMO.managerPassword);
  await expect(page).toHaveURL(/\/users$/);
  await openOnceSynced(page, "/users", "users-table");
  await waitForHydration(page);
  await expect(navLinks(page)).toHaveText(["Overview", "Users", "Candidates", "Approvals", "Finance"]);
  // Everyone listed reports to the manager, directly or further down: each row's manager is
  // the manager or someone listed.
  const table = page.getByTestId("users-table");
  await expect(table).toBeVisible();
  const names = await table.locator("tbody tr td:first-child").allInnerTexts();
  expect(names.length).toBeGreaterThan(0);
  const csv = await (await page.request.get("/export/users.csv")).text();
  const exported = csv.trim().split("\r\n").slice(1);
  // Signed in afresh: a context started from the shared admin session would cycle it away.
  const adminPage = await stranger(browser, server.url);
  const admin = adminPage.context();
  await signIn(adminPage, DEMO.admin.email, DEMO.admin.password);
  const everyone = (await (await adminPage.request.get("/export/users.csv")).text()).trim().split("\r\n").slice(1);
  expect(exported.length).toBeGreaterThan(0);
  expect(exported.length).toBeLessThan(everyone.length);
  // Finance shows the team's seats alone, without the company's contract.
  expect((await page.goto("/finance"))?.status()).toBe(200);
  await expect(page.getByTestId("team-scope")).toContainText("Your team");
  await expect(page.getByTestId("seats-table")).toHaveCount(0);
  expect((await page.goto("/settings"))?.status()).toBe(403);
  await admin.close();
  await page.context().close();
});

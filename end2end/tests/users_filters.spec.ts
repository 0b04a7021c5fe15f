// The Users page's seat-type and manager-subtree filters and its Seat types column on the demo
// company, once the first sync is done: through the form, in the URL, and without JavaScript.
import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { openOnceSynced, parseCsv, seatSummary, seatType, shownTotal, usersSummary } from "./demo";

function rows(page: Page) {
  return page.getByTestId("users-table").getByRole("row").filter({ has: page.getByRole("cell") });
}

function seatCells(page: Page) {
  return page.getByTestId("users-table").getByTestId("seat-types");
}

/** Picks `value` in the filter select labelled `label` and applies the form. */
async function applyFilter(page: Page, label: string, value: string) {
  await page.getByLabel(label).selectOption(value);
  await page.getByRole("button", { name: "Apply" }).click();
}

/** A user of the demo company with job title `title`, from the users export: name and email. */
async function userTitled(page: Page, title: string) {
  const response = await page.request.get("/export/users.csv");
  expect(response.status()).toBe(200);
  const [header, ...users] = parseCsv((await response.text()).replace(/^\uFEFF/, ""));
  const found = users.find((row) => row[header.indexOf("Title")] === title);
  expect(found, `a user titled ${title}`).toBeDefined();
  return { name: found![header.indexOf("Name")], email: found![header.indexOf("Email")] };
}

/** Types `text` in the manager filter and applies the form. */
async function filterByManager(page: Page, text: string) {
  await page.getByLabel("Manager (name or email)").fill(text);
  await page.getByRole("button", { name: "Apply" }).click();
}

test("the seat-type filter shows the holders of that seat type, as many as the Finance page counts", async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/users", "users-table");
  const summary = await seatSummary(page);

  await applyFilter(page, "Seat type", "forecast");
  await expect(page).toHaveURL(/seat=forecast/);
  await expect(page.getByLabel("Seat type")).toHaveValue("forecast");
  const forecast = seatType(summary, "Forecast").assigned;
  expect(forecast, "the demo company has Forecast seats").toBeGreaterThan(0);
  await expect(usersSummary(page)).toHaveText(new RegExp(` of ${forecast}$`));
  const shown = await seatCells(page).allTextContents();
  expect(shown.length).toBe(Math.min(forecast, 50));
  for (const seats of shown) expect(seats.split(", ")).toContain("Forecast");

  const gong = seatType(summary, "Gong").assigned;
  await applyFilter(page, "Seat type", "gong");
  await expect(page).toHaveURL(/seat=gong/);
  await expect(usersSummary(page)).toHaveText(new RegExp(` of ${gong}$`));
  for (const seats of await seatCells(page).allTextContents()) expect(seats.split(", ")).toContain("Gong");

  await applyFilter(page, "Seat type", "none");
  await expect(page).toHaveURL(/seat=none/);
  // The table changes once the new page has loaded.
  await expect(usersSummary(page)).not.toHaveText(new RegExp(` of ${gong}$`));
  await expect(seatCells(page).first()).toHaveText("Collaborator");
  const collaborators = await seatCells(page).allTextContents();
  expect(collaborators.length, "the demo's listeners hold no seat").toBeGreaterThan(0);
  for (const seats of collaborators) expect(seats).toBe("Collaborator");
  expect(pageErrors).toEqual([]);
});

test("sorting by seat types puts collaborators first and keeps the sort in the URL", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/users", "users-table");
  await page.getByRole("columnheader", { name: "Seat types" }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=seat_types/);
  await expect(page.getByRole("columnheader", { name: "Seat types" })).toHaveAttribute("aria-sort", "ascending");
  // The server sorts the seat types as text ("Gong;Forecast"), a collaborator's as empty, and
  // deactivated users (no seat) last.
  const key = (shown: string) =>
    shown === "Collaborator" ? "" : shown === "no seat" ? "\uffff" : shown.split(", ").join(";");
  const keys = (await seatCells(page).allTextContents()).map(key);
  expect(keys.length).toBe(50);
  expect(keys[0]).toBe("");
  for (let i = 1; i < keys.length; i++) expect(keys[i - 1] <= keys[i], `${keys[i - 1]} before ${keys[i]}`).toBe(true);
  expect(pageErrors).toEqual([]);
});

test("the manager filter shows everyone below that manager, at any depth", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/users", "users-table");
  const everyone = await shownTotal(page);

  // A first-line sales manager, by email: everyone below them is a direct report.
  const manager = await userTitled(page, "Sales Manager");
  await filterByManager(page, manager.email);
  await expect(page).toHaveURL(new RegExp(`manager=${encodeURIComponent(manager.email)}`));
  await expect(page.getByLabel("Manager (name or email)")).toHaveValue(manager.email);
  await expect(page.getByTestId("manager-note")).toHaveText(`Everyone below ${manager.name} (Sales Manager), at any depth.`);
  await expect(usersSummary(page)).not.toHaveText(new RegExp(` of ${everyone}$`));
  const team = await shownTotal(page);
  expect(team).toBeGreaterThan(0);
  expect(team).toBeLessThanOrEqual(50);
  await expect(rows(page)).toHaveCount(team);
  for (const shown of await page.getByTestId("users-table").getByTestId("manager").allTextContents()) {
    expect(shown).toBe(manager.name);
  }

  // The Chief Revenue Officer heads the demo company: everyone else is below them, through the
  // VPs and the sales managers.
  const top = await userTitled(page, "Chief Revenue Officer");
  await filterByManager(page, top.name);
  await expect(page.getByTestId("manager-note")).toContainText(`Everyone below ${top.name}`);
  await expect(usersSummary(page)).toHaveText(new RegExp(` of ${everyone - 1}$`));

  // Nobody by that name: the page says so rather than guessing.
  await filterByManager(page, "Nobody At All");
  await expect(page.getByTestId("manager-note")).toContainText("No manager is called “Nobody At All”");
  await expect(usersSummary(page)).toHaveText("No user matches these filters.");
  expect(pageErrors).toEqual([]);
});

test("the seat-type and manager filters work without JavaScript", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/users", "users-table");
  const top = await userTitled(page, "Chief Revenue Officer");

  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const plain = await context.newPage();
  await plain.goto("/users");
  await plain.getByLabel("Seat type").selectOption("none");
  await plain.getByLabel("Manager (name or email)").fill(top.email);
  await plain.getByRole("button", { name: "Apply" }).click();
  await expect(plain).toHaveURL(/seat=none/);
  await expect(plain).toHaveURL(new RegExp(`manager=${encodeURIComponent(top.email)}`));
  await expect(usersSummary(plain)).toBeVisible();
  const seats = await seatCells(plain).allTextContents();
  expect(seats.length).toBeGreaterThan(0);
  for (const shown of seats) expect(shown).toBe("Collaborator");
  await expect(plain.getByLabel("Manager (name or email)")).toHaveValue(top.email);
  await context.close();
});

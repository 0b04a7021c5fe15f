// The Candidates and User pages on the demo company, once the first sync against the embedded
// simulator is done: the groups agree with the Users page, a candidate's name opens their User
// page, and the User page shows the activity chart, the manager chain and the direct reports.
import { test, expect, waitForHydration } from "./fixtures";
import type { Locator, Page } from "@playwright/test";

const PROPOSE = "Propose selected";

/** Each group's status (the Users page's filter value) and the start of its heading. */
const GROUPS: [string, string][] = [
  ["inactive", "Inactive (deactivate)"],
  ["never_active", "Never active (deactivate)"],
  ["listener", "Listeners (downgrade to a free collaborator seat)"],
];

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function groupHeading(page: Page, start: string) {
  return page.getByRole("heading", { level: 2, name: new RegExp(`^${escapeRegExp(start)}: `) });
}

/** The demo syncs on start at Gong's real rate limits; wait for its first report. */
async function openCandidatesOnceSynced(page: Page) {
  await expect(async () => {
    await page.goto("/candidates");
    await expect(groupHeading(page, GROUPS[0][1])).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [2_000] });
  await waitForHydration(page);
}

function rows(table: Locator) {
  return table.locator("tbody tr");
}

/** The number in a heading such as `Inactive (deactivate): 12 users, $19,200 a year`. */
async function headingCount(heading: Locator) {
  const text = (await heading.textContent()) ?? "";
  const match = text.match(/: ([\d,]+) users?, /);
  expect(match, text).not.toBeNull();
  return Number(match![1].replace(/,/g, ""));
}

/** The total the Users page gives for a status filter. */
async function usersWithStatus(page: Page, status: string) {
  await page.goto(`/users?status=${status}`);
  const summary = page.getByRole("status").filter({ hasText: /^(Users [\d,]+–[\d,]+ of [\d,]+|No user matches)/ });
  await expect(summary).toBeVisible();
  const text = (await summary.textContent()) ?? "";
  const match = text.match(/ of ([\d,]+)$/);
  return match ? Number(match[1].replace(/,/g, "")) : 0;
}

/** The first candidate of the inactive group: its name and the reason in words. */
async function firstInactiveCandidate(page: Page) {
  const row = rows(page.getByTestId("candidates-inactive")).first();
  const label = await row.getByRole("checkbox").getAttribute("aria-label");
  const name = label!.replace(/^Select /, "");
  const reason = ((await row.getByTestId("candidate-reason").textContent()) ?? "").trim();
  return { row, name, reason };
}

test("the candidate groups agree with the Users page filtered by status", async ({ page, pageErrors }) => {
  test.setTimeout(240_000);
  await openCandidatesOnceSynced(page);
  await expect(page.getByRole("button", { name: PROPOSE })).toBeEnabled();

  const counts: [string, number][] = [];
  for (const [status, start] of GROUPS) {
    const heading = groupHeading(page, start);
    await expect(heading).toBeVisible();
    const count = await headingCount(heading);
    if (count > 0) {
      await expect(rows(page.getByTestId(`candidates-${status}`))).toHaveCount(count);
    }
    counts.push([status, count]);
  }
  expect(counts[0][1], "the demo company has inactive users").toBeGreaterThan(0);

  // Select all in a group ticks every row of that group only.
  const inactive = page.getByTestId("candidates-inactive");
  await page.getByRole("checkbox", { name: "Select all in Inactive", exact: true }).check();
  const boxes = rows(inactive).getByRole("checkbox");
  for (const box of await boxes.all()) await expect(box).toBeChecked();
  if (counts[2][1] > 0) {
    await expect(rows(page.getByTestId("candidates-listener")).getByRole("checkbox").first()).not.toBeChecked();
  }
  await page.getByRole("checkbox", { name: "Select all in Inactive", exact: true }).uncheck();
  for (const box of await boxes.all()) await expect(box).not.toBeChecked();

  for (const [status, count] of counts) {
    expect(await usersWithStatus(page, status), `users with status ${status}`).toBe(count);
  }
  expect(pageErrors).toEqual([]);
});

test("a candidate's name opens their User page with the same status and reason", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openCandidatesOnceSynced(page);
  const { row, name, reason } = await firstInactiveCandidate(page);
  expect(reason.length).toBeGreaterThan(0);

  await row.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(/\/users\/\d+$/);
  await expect(page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
  await expect(page.getByTestId("user-status")).toHaveText("inactive");
  await expect(page.getByTestId("user-reason")).toHaveText(reason);
  const history = page.getByRole("table", { name: /^Status of .* in each stored report/ });
  await expect(rows(history).first()).toContainText("inactive");
  expect(pageErrors).toEqual([]);
});

test("the User page shows the activity chart, the manager chain up to the CRO and the direct reports", async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  await openCandidatesOnceSynced(page);
  const { row, name } = await firstInactiveCandidate(page);
  await row.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();

  const chart = page.getByTestId("chart-user-activity");
  await expect(chart).toBeVisible();
  await expect(chart.getByRole("img", { name: /^Activity of .* per 90-day window/ })).toBeVisible();
  await expect(
    page.getByRole("figure", { name: "Activity per 90-day window of the look-back, oldest first." }),
  ).toBeVisible();

  // The chain climbs to the top: the last link is the CRO, who has no manager and direct reports.
  const chain = page.getByTestId("manager-chain");
  await expect(chain.getByRole("listitem").first()).toBeVisible();
  const top = chain.getByRole("link").last();
  const topName = ((await top.textContent()) ?? "").trim();
  await top.click();
  await expect(page.getByRole("heading", { level: 1, name: topName, exact: true })).toBeVisible();
  await expect(page.getByTestId("user-title")).toHaveText("Chief Revenue Officer");
  await expect(page.getByTestId("manager-chain")).toContainText("No manager: this user is at the top of the org chart.");

  const reports = page.getByRole("table", { name: `Direct reports of ${topName}` });
  await expect(reports).toBeVisible();
  const first = rows(reports).first();
  const reportName = ((await first.getByRole("link").textContent()) ?? "").trim();
  await expect(first).toContainText(/active|listener|unmonitored|new|protected|deactivated/);

  // A direct report's chain is the CRO alone.
  await first.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: reportName, exact: true })).toBeVisible();
  await expect(page.getByTestId("manager-chain").getByRole("link")).toHaveText([topName]);
  expect(pageErrors).toEqual([]);
});

test("an unknown user is a page that says so, with status 404", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  // Before the first report there is no user to look for; wait for it.
  await openCandidatesOnceSynced(page);
  const response = await page.goto("/users/1");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle("No such user · seat-audit");
  await expect(page.getByRole("heading", { level: 1, name: "No such user" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "Users", exact: true })).toBeVisible();
  await waitForHydration(page);
  // Chromium logs the document's own 404 as a failed resource; that one is what this test asks for.
  const others = pageErrors.filter((e) => !(e.includes("status of 404") && e.includes("/users/1")));
  expect(others).toEqual([]);
  pageErrors.length = 0;
});

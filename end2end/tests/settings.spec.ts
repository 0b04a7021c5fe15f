// The Settings page on the demo company: thresholds saved and shown again, a bad field refused by
// name with nothing saved (with and without JavaScript), the seat CSV import refusing a file with a
// bad row whole and naming its line, and a user protected and taken off the list again. Each test
// leaves the settings as it found them, since later specs read the same server.
import { test, expect, waitForHydration } from "./fixtures";
import type { Page } from "@playwright/test";
import { openOnceSynced, parseCsv, seatSummary } from "./demo";

/**
 * A refused form answers 422, which Chromium logs as a failed resource; takes exactly that one
 * expected entry off the page's errors, so anything else still fails the test.
 */
function expectRefusal(pageErrors: string[], serverFunction: string) {
  const index = pageErrors.findIndex((e) => e.includes("status of 422") && e.includes(`/api/${serverFunction}`));
  expect(index, `a 422 from /api/${serverFunction} in ${JSON.stringify(pageErrors)}`).toBeGreaterThanOrEqual(0);
  pageErrors.splice(index, 1);
}

async function openSettings(page: Page) {
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await waitForHydration(page);
}

test("thresholds are saved and shown again; a bad time zone is refused by name and changes nothing", async ({
  page,
  pageErrors,
}) => {
  await openSettings(page);
  const quota = page.getByLabel("Share of Gong's daily quota (%)");
  const zone = page.getByLabel("Company time zone");
  await expect(quota).toHaveValue("50");
  // No setting: the zone is Gong's (the demo's simulator says UTC), and the page says so.
  await expect(zone).toHaveValue("");
  await expect(page.getByTestId("time-zone-in-force")).toContainText("In force: UTC");

  await quota.fill("45");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Thresholds saved" })).toBeVisible();
  await page.reload();
  await waitForHydration(page);
  await expect(quota).toHaveValue("45");

  await zone.fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Not saved." });
  await expect(refusal).toContainText("Company time zone");
  await expect(refusal).toContainText("Mars/Olympus");
  expectRefusal(pageErrors, "save_policy");
  await page.reload();
  await waitForHydration(page);
  await expect(zone).toHaveValue("");
  await expect(quota).toHaveValue("45");

  await quota.fill("50");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Thresholds saved" })).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test("the forms work without JavaScript, a refusal included", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto("/settings");
  const notice = page.getByLabel("Notice period (days)");
  const demoNotice = await notice.inputValue();
  expect(demoNotice).not.toBe("75");
  await notice.fill("75");
  await page.getByRole("button", { name: "Save contract" }).click();
  // The form posts and the server sends the browser back to the page, which shows the new value.
  await expect(page).toHaveURL(/\/settings/);
  await expect(page.getByLabel("Notice period (days)")).toHaveValue("75");

  await page.getByLabel("Company time zone").fill("Nowhere/Special");
  await page.getByRole("button", { name: "Save thresholds" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not saved." })).toContainText("Nowhere/Special");
  await expect(page.getByLabel("Company time zone")).toHaveValue("");

  await page.getByLabel("Notice period (days)").fill(demoNotice);
  await page.getByRole("button", { name: "Save contract" }).click();
  await expect(page.getByLabel("Notice period (days)")).toHaveValue(demoNotice);
  await context.close();
});

test("a seat CSV with one bad row is refused whole, naming its line", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/finance", "seats-table");
  const before = await seatSummary(page);
  await openSettings(page);

  const csv = [
    "email,seat_types,technical_admin",
    "first.person@example.com,Gong,no",
    "second.person@example.com,Gong;Forecast,yes",
    "third.person@example.com,Platinum,no",
    "fourth.person@example.com,Engage,no",
  ].join("\n");
  await page.getByLabel("Choose a CSV file").setInputFiles({
    name: "seats.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  // The chosen file is read into the form, where it can also be pasted.
  await expect(page.getByLabel("Or paste the CSV")).toHaveValue(csv);
  await page.getByRole("button", { name: "Import seats" }).click();

  const problems = page.getByTestId("import-problems");
  await expect(problems).toContainText("Nothing was imported");
  await expect(problems.getByRole("listitem")).toHaveCount(1);
  await expect(problems.getByRole("listitem")).toContainText(/^Line 4: unknown seat type "Platinum"/);
  expect(await seatSummary(page), "the seat figures are unchanged").toEqual(before);
  expect(pageErrors).toEqual([]);
});

test("a user is protected until a day, listed with the reason, and taken off the list again", async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/finance", "seats-table");
  const export_ = await page.request.get("/export/users.csv");
  expect(export_.status()).toBe(200);
  const rows = parseCsv((await export_.text()).replace(/^\uFEFF/, ""));
  const header = rows[0];
  const inactive = rows.find((row) => row[header.indexOf("Status")].toLowerCase() === "inactive");
  expect(inactive, "the demo company has an inactive user").toBeDefined();
  const email = inactive![header.indexOf("Email")];
  const name = inactive![header.indexOf("Name")];

  await openSettings(page);
  await expect(page.getByText("Nobody is protected yet.")).toBeVisible();
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const section = page.getByRole("region", { name: "Protected users" });
  await section.getByLabel("Email").fill(email);
  await section.getByLabel("Snoozed until").fill(until);
  await section.getByLabel("Reason").fill("parental leave");
  await section.getByRole("button", { name: "Protect", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Protected" })).toBeVisible();

  const listed = page.getByTestId("protected-users").getByRole("row").filter({ hasText: email });
  await expect(listed).toContainText(name);
  await expect(listed).toContainText(`until ${until}`);
  await expect(listed).toContainText("parental leave");

  await page.getByRole("button", { name: `Remove ${name} from the protected list` }).click();
  await expect(page.getByText("Nobody is protected yet.")).toBeVisible();
  expect(pageErrors).toEqual([]);
});

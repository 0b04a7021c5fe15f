// Data pages as an admin sees them on a 1400 x 900 screen: the Users table one line per user (the
// status reason a muted second line, long texts cut with the whole text on hover), the Finance
// table without sideways scrolling; each chart's numbers behind a keyboard-reachable toggle.
import { test, expect, waitForHydration } from "./fixtures";
import { openOnceSynced } from "./demo";

test.use({ viewport: { width: 1400, height: 900 } });

test("at 1400 px the Users table is dense and the Finance table fits without sideways scrolling", async ({ page }) => {
  await openOnceSynced(page, "/users", "users-table");
  const rows = page.getByTestId("users-table").locator("tbody tr");
  const heights = await rows.evaluateAll((all) => all.map((r) => r.getBoundingClientRect().height));
  expect(heights.length).toBe(50);
  expect(Math.max(...heights), `row heights ${heights.join(", ")}`).toBeLessThanOrEqual(52);
  const onFirstScreen = await rows.evaluateAll((all) => all.filter((r) => r.getBoundingClientRect().bottom <= 900).length);
  // Below the header, the filters and the summary: three users fitted here when every cell wrapped.
  expect(onFirstScreen).toBeGreaterThanOrEqual(8);
  const reason = page.getByTestId("users-table").locator("tbody .reason").first();
  expect(await reason.getAttribute("title")).toBe((await reason.textContent())?.trim());

  await page.goto("/finance");
  await waitForHydration(page);
  const [tableWidth, boxWidth] = await page
    .getByTestId("seats-table")
    .evaluate((t) => [t.scrollWidth, (t.parentElement as HTMLElement).clientWidth]);
  expect(tableWidth, "the seats table is no wider than its box").toBeLessThanOrEqual(boxWidth);
});

test("each Overview chart shows its numbers as a table from the keyboard", async ({ page }) => {
  await openOnceSynced(page, "/", "chart-last-active");
  const numbers = page.getByTestId("chart-last-active-numbers");
  await expect(numbers.locator("table")).toBeHidden();
  await numbers.locator("summary").focus();
  await page.keyboard.press("Enter");
  await expect(numbers.locator("table")).toBeVisible();
  await expect(numbers.locator("tbody tr")).toHaveCount(6);
  await expect(numbers.locator("tbody tr").first().locator("th")).toHaveText("0 to 30 days");
  for (const id of ["utilisation", "hosted-per-week"]) {
    await expect(page.getByTestId(`chart-${id}-numbers`).locator("tbody tr").first()).toBeAttached();
  }
});

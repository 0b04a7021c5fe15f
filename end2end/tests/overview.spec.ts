// The Overview page on the demo company, once the first sync is done: the Gong seat's figure cards
// agree with the seat summary's JSON and with the Users page's counts, and the three charts are
// figures with a caption and an SVG image.
import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { openOnceSynced, seatSummary, seatType, shownNumber, usersTotal } from "./demo";

/** The value of the figure card labelled `label` (e.g. "In use"), as a number. */
async function figure(page: Page, label: string): Promise<number> {
  const slug = label.toLowerCase().replace(/ /g, "-");
  const value = page.getByTestId("seat-figures").getByTestId(`figure-${slug}`);
  await expect(value).toBeVisible();
  const shown = shownNumber((await value.textContent()) ?? "");
  expect(shown, `the ${label} card shows a number`).not.toBeNull();
  return shown!;
}

test("the seat figure cards show the Gong seat's figures from the seat summary", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/", "seat-figures");
  const cards = page.getByTestId("seat-figures");
  await expect(cards.getByRole("heading", { name: "Gong seats" })).toBeVisible();
  for (const label of [
    "Purchased",
    "Assigned",
    "In use",
    "Idle",
    "Underused",
    "Spare",
    "Over contract",
    "Utilisation",
    "Yearly cost of idle and underused seats",
    "Candidates with a Gong seat",
    "Renewal",
  ]) {
    await expect(cards.getByText(label, { exact: true })).toBeVisible();
  }

  const summary = await seatSummary(page);
  expect(summary.as_of).not.toBeNull();
  const gong = seatType(summary, "Gong");
  expect(gong.usage, "the Gong seat's usage is visible").not.toBeNull();
  expect(await figure(page, "Purchased")).toBe(gong.purchased);
  expect(await figure(page, "Assigned")).toBe(gong.assigned);
  expect(await figure(page, "In use")).toBe(gong.usage!.in_use);
  expect(await figure(page, "Idle")).toBe(gong.usage!.idle);
  expect(await figure(page, "Underused")).toBe(gong.usage!.underused);
  expect(await figure(page, "Spare")).toBe(gong.spare);
  expect(await figure(page, "Over contract")).toBe(gong.over_contract);
  expect(await figure(page, "Candidates with a Gong seat")).toBe(summary.open_candidates);
  expect(await figure(page, "Yearly cost of idle and underused seats")).toBe(gong.idle_cost_cents / 100);
  if (gong.purchased > 0) {
    // Shown with one decimal.
    const utilisation = await figure(page, "Utilisation");
    const exact = (gong.usage!.in_use * 100) / gong.purchased;
    expect(Math.abs(utilisation - exact)).toBeLessThanOrEqual(0.05 + 1e-9);
  }
  expect(pageErrors).toEqual([]);
});

test("the seat figures agree with the Users page filtered by status and seat type", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/", "seat-figures");
  const inUse = await figure(page, "In use");
  const idle = await figure(page, "Idle");
  const underused = await figure(page, "Underused");
  const assigned = await figure(page, "Assigned");

  // docs/product.md: in use = active, new, protected, unmonitored; idle = inactive, never active;
  // underused = listener; all among the active users holding a Gong seat.
  const gongHolders = async (statuses: string[]) => {
    let sum = 0;
    for (const status of statuses) sum += await usersTotal(page, `status=${status}&seat=gong`);
    return sum;
  };
  expect(await gongHolders(["active", "new", "protected", "unmonitored"])).toBe(inUse);
  expect(await gongHolders(["inactive", "never_active"])).toBe(idle);
  expect(await gongHolders(["listener"])).toBe(underused);
  expect(await usersTotal(page, "seat=gong")).toBe(assigned);
  expect(idle, "the demo company has idle Gong seats").toBeGreaterThan(0);
  expect(pageErrors).toEqual([]);
});

test("the three charts are figures with a caption and an SVG image", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/", "seat-figures");
  const charts = page.getByTestId("overview-charts");
  await expect(charts.getByRole("heading", { name: "Trends and activity" })).toBeVisible();
  await expect(charts.getByRole("figure")).toHaveCount(3);
  for (const id of ["utilisation", "last-active", "hosted-per-week"]) {
    const chart = page.getByTestId(`chart-${id}`);
    await expect(chart).toBeVisible();
    await expect(chart.locator("figcaption")).not.toBeEmpty();
    const image = chart.getByRole("img");
    await expect(image).toHaveCount(1);
    await expect(image).toBeVisible();
    // The SVG names itself with its own title and description (a text alternative).
    await expect(image).toHaveAttribute("aria-labelledby", `chart-${id}-title chart-${id}-desc`);
    await expect(image).toHaveAccessibleName(/\S/);
  }
  expect(pageErrors).toEqual([]);
});

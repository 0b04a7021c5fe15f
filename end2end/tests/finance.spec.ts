// The Finance page on the demo company, once the first sync is done: the per-seat-type table agrees
// with the seat summary's JSON, and the exports download with the rows the pages show.
import { test, expect } from "./fixtures";
import type { Locator, Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { openOnceSynced, parseCsv, seatSummary, seatType, shownNumber, usersTotal } from "./demo";

const SEAT_TYPES = ["Gong", "Forecast", "Engage"] as const;

/** A cell as compared across the page and the CSV: a number where it is one, "" for a dash. */
function comparable(text: string): number | string {
  const trimmed = text.trim();
  if (trimmed === "–") return "";
  return shownNumber(trimmed) ?? trimmed;
}

/** The seats table's row headed `name`, as its column headers' cells (header → text). */
async function seatsRow(page: Page, table: Locator, name: string): Promise<Map<string, string>> {
  const headers = await table.getByRole("columnheader").allTextContents();
  const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
  await expect(row).toHaveCount(1);
  const cells = await row.getByRole("cell").allTextContents();
  // The first column is the row's header, the seat type.
  expect(cells.length).toBe(headers.length - 1);
  return new Map(cells.map((cell, i) => [headers[i + 1].trim(), cell.trim()]));
}

/** Clicks the link named `name` and returns the file it downloads. */
async function download(page: Page, name: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name, exact: true }).click()]);
  expect(await file.failure()).toBeNull();
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

function csvRows(bytes: Buffer): string[][] {
  const rows = parseCsv(bytes.toString("utf8").replace(/^\uFEFF/, ""));
  return rows.filter((row) => !(row.length === 1 && row[0] === ""));
}

test("the seats table shows each seat type's figures from the seat summary", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/finance", "seats-table");
  const table = page.getByTestId("seats-table");
  await expect(page.getByRole("heading", { name: "Seats per seat type" })).toBeVisible();
  for (const name of [...SEAT_TYPES, "Total"]) {
    await expect(table.getByRole("rowheader", { name, exact: true })).toBeVisible();
  }

  const summary = await seatSummary(page);
  for (const name of SEAT_TYPES) {
    const figures = seatType(summary, name);
    const row = await seatsRow(page, table, name);
    expect(comparable(row.get("Purchased")!), `${name} purchased`).toBe(figures.purchased);
    expect(comparable(row.get("Assigned")!), `${name} assigned`).toBe(figures.assigned);
    expect(comparable(row.get("Spare")!), `${name} spare`).toBe(figures.spare);
    expect(comparable(row.get("Over contract")!), `${name} over contract`).toBe(figures.over_contract);
    if (figures.usage) {
      expect(comparable(row.get("In use")!)).toBe(figures.usage.in_use);
      expect(comparable(row.get("Idle")!)).toBe(figures.usage.idle);
      expect(comparable(row.get("Underused")!)).toBe(figures.usage.underused);
    } else {
      // Only the Gong seat's usage shows in Gong's activity data.
      for (const column of ["In use", "Idle", "Underused"]) expect(row.get(column)).toBe("not visible");
    }
    expect(comparable(row.get("Yearly cost of idle and underused seats")!)).toBe(figures.idle_cost_cents / 100);
    expect(comparable(row.get("Contract cost per year")!)).toBe(figures.contract_cost_cents / 100);
  }
  const total = await seatsRow(page, table, "Total");
  expect(comparable(total.get("Purchased")!)).toBe(summary.total.purchased);
  expect(comparable(total.get("Assigned")!)).toBe(summary.total.assigned);
  expect(pageErrors).toEqual([]);
});

test("the seat summary CSV has the rows of the seats table", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/finance", "seats-table");
  const table = page.getByTestId("seats-table");
  const csv = await download(page, "Seat summary as CSV");
  expect(csv.name).toMatch(/\.csv$/);
  const [header, ...rows] = csvRows(csv.bytes);
  // The CSV names the unit in its headers: "Utilisation (%)", "Price per seat per year (USD)".
  const columns = header.map((h) => h.replace(/ \([^)]*\)$/, "").trim());
  expect(columns[0]).toBe("Seat type");
  expect(rows.map((row) => row[0])).toEqual([...SEAT_TYPES, "Total"]);

  const tableHeaders = (await table.getByRole("columnheader").allTextContents()).map((h) => h.trim());
  for (const name of [...SEAT_TYPES, "Total"]) {
    const shown = await seatsRow(page, table, name);
    const exported = rows.find((row) => row[0] === name)!;
    for (const column of tableHeaders.slice(1)) {
      const index = columns.indexOf(column);
      expect(index, `the CSV has the column ${column}`).toBeGreaterThan(0);
      expect(comparable(exported[index]), `${name}, ${column}`).toEqual(comparable(shown.get(column)!));
    }
  }

  const xlsx = await download(page, "Seat summary as XLSX");
  expect(xlsx.name).toMatch(/\.xlsx$/);
  // An XLSX file is a zip archive.
  expect(xlsx.bytes.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
  expect(pageErrors).toEqual([]);
});

test("the users CSV and XLSX download with one row per user of the Users page", async ({ page, pageErrors }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/users", "users-table");
  const tableHeaders = (await page.getByTestId("users-table").getByRole("columnheader").allTextContents()).map((h) =>
    h.trim(),
  );
  const total = await usersTotal(page, "");
  expect(total).toBeGreaterThan(1_000);

  await openOnceSynced(page, "/finance", "seats-table");
  const csv = await download(page, "Users table as CSV");
  expect(csv.name).toMatch(/\.csv$/);
  const [header, ...rows] = csvRows(csv.bytes);
  expect(rows.length, "one CSV row per user of the Users page").toBe(total);
  // The table's columns, in the table's order; the CSV adds what the table shows inside a cell.
  expect(header.slice(0, 9)).toEqual(tableHeaders.slice(0, 9));
  expect(header.filter((h) => tableHeaders.includes(h))).toEqual(tableHeaders);
  for (const row of rows) expect(row.length).toBe(header.length);

  // Spreadsheet formulas are neutralised (docs/product.md). The demo company has no name that starts
  // with a formula character (integration tests cover those); no cell may start with one anyway.
  for (const row of rows) {
    for (const cell of row) {
      expect(/^[=+@]/.test(cell) || (/^-/.test(cell) && shownNumber(cell) === null), `cell ${cell}`).toBe(false);
    }
  }
  const markup = rows.find((row) => row[0].includes("<script>"));
  expect(markup, "the demo's markup name comes out as plain text").toBeDefined();

  const xlsx = await download(page, "Users table as XLSX");
  expect(xlsx.name).toMatch(/\.xlsx$/);
  expect(xlsx.bytes.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
  expect(xlsx.bytes.length).toBeGreaterThan(10_000);
  expect(pageErrors).toEqual([]);
});

test("the Finance page shows the seats table without JavaScript", async ({ page, browser, baseURL }) => {
  test.setTimeout(180_000);
  await openOnceSynced(page, "/finance", "seats-table");
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const plain = await context.newPage();
  await plain.goto("/finance");
  // The routes render every Suspense on the server before answering, so no "Loading…" remains.
  await expect(plain.getByTestId("seats-table")).toBeVisible();
  await expect(plain.getByTestId("seats-table").getByRole("rowheader", { name: "Gong", exact: true })).toBeVisible();
  await expect(plain.getByText(/Loading/)).toHaveCount(0);
  await context.close();
});

// Helpers the page specs share: waiting for the demo's first sync, reading the Users page's total,
// the seat summary as JSON, and CSV text as rows.
import { expect, waitForHydration } from "./fixtures";
import type { Page } from "@playwright/test";

/**
 * Opens `path` once the demo's first sync has produced a report, that is once `testId` (an element
 * the page renders only from a report) is there; the demo syncs on start at Gong's real rate limits.
 */
export async function openOnceSynced(page: Page, path: string, testId: string) {
  await expect(async () => {
    await page.goto(path);
    await expect(page.getByTestId(testId)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [2_000] });
  await waitForHydration(page);
}

/** The Users page's summary line: "Users 1–50 of 1,198", or that no user matches. */
export function usersSummary(page: Page) {
  return page.getByRole("status").filter({ hasText: /^(Users \d+–\d+ of \d+|No user matches these filters\.)$/ });
}

/** How many users the Users page says match, as shown on the page that is open. */
export async function shownTotal(page: Page): Promise<number> {
  const summary = usersSummary(page);
  await expect(summary).toBeVisible();
  const text = (await summary.textContent()) ?? "";
  const match = text.match(/ of (\d+)$/);
  return match ? Number(match[1]) : 0;
}

/** Opens the Users page with `query` (e.g. `status=inactive&seat=gong`) and reads its total. */
export async function usersTotal(page: Page, query: string): Promise<number> {
  await page.goto(`/users?${query}`);
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  return shownTotal(page);
}

export type Usage = { in_use: number; idle: number; underused: number };
export type Figures = {
  purchased: number;
  assigned: number;
  usage: Usage | null;
  spare: number;
  over_contract: number;
  contract_cost_cents: number;
  idle_cost_cents: number;
};
export type SeatSummary = {
  as_of: string | null;
  types: { seat_type: "Gong" | "Forecast" | "Engage"; price_per_year_cents: number; figures: Figures }[];
  total: Figures;
  open_candidates: number;
};

/** The session's CSRF token, from the page's meta tag (load a page of the app first). */
export async function csrfToken(page: Page): Promise<string> {
  if (!page.url().startsWith("http")) await page.goto("/users");
  return (await page.locator('meta[name="csrf-token"]').getAttribute("content")) ?? "";
}

/** The seat summary from its fixed server-function endpoint, as scripts read it. */
export async function seatSummary(page: Page): Promise<SeatSummary> {
  const response = await page.request.post("/api/seat_summary", {
    headers: { accept: "application/json", "x-csrf-token": await csrfToken(page) },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as SeatSummary;
}

export function seatType(summary: SeatSummary, name: "Gong" | "Forecast" | "Engage"): Figures {
  const found = summary.types.find((t) => t.seat_type === name);
  expect(found, `${name} in the seat summary`).toBeDefined();
  return found!.figures;
}

/** A figure as shown on a page ("1,150", "$83,200", "88.1 %") as a number; null for anything else. */
export function shownNumber(text: string): number | null {
  const plain = text.trim().replace(/[$€£,%\s]/g, "");
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : null;
}

/** RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks) as rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else {
      cell += c;
    }
  }
  if (cell !== "" || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** The demo manager's name, from the Users page searched by their email. */
export async function managerName(page: Page, email: string): Promise<string> {
  await page.goto(`/users?q=${encodeURIComponent(email)}`);
  const cell = page.getByTestId("users-table").locator("tbody tr td:first-child").first();
  return (await cell.innerText()).trim();
}

/** The row of the first candidate of `group` (a status) whose manager is `manager`, or any. */
export function candidateRow(page: Page, group: string, manager?: string) {
  const rows = page.getByTestId(`candidates-${group}`).locator("tbody tr");
  return manager ? rows.filter({ has: page.getByRole("link", { name: manager, exact: true }) }).first() : rows.first();
}

export async function propose(page: Page, row: ReturnType<typeof candidateRow>): Promise<string> {
  const name = (await row.locator("td").nth(1).innerText()).trim();
  await row.getByRole("checkbox").check();
  await page.getByLabel(/I have checked who the selected users manage/).check();
  await page.getByRole("button", { name: "Propose selected" }).click();
  return name;
}

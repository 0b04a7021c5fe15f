// Takes the README's screenshots of the demo at 1400 x 900: Overview, Users and Approvals (as the
// demo manager, with a proposal waiting).
import * as path from "node:path";
import { test, expect, waitForHydration, signIn, DEMO } from "../tests/fixtures";
import { openOnceSynced, managerName, candidateRow, propose } from "../tests/demo";

const out = path.resolve(__dirname, "..", "..", "docs", "screenshots");

test.use({ viewport: { width: 1400, height: 900 } });

test("screenshots for the README", async ({ page, browser, server }) => {
  await openOnceSynced(page, "/", "chart-utilisation");
  await page.screenshot({ path: path.join(out, "overview.png") });
  await page.goto("/users?status=inactive");
  await waitForHydration(page);
  await page.screenshot({ path: path.join(out, "users.png") });

  const manager = await managerName(page, server.managerEmail);
  await page.goto("/candidates");
  await waitForHydration(page);
  await propose(page, candidateRow(page, "inactive", manager));
  await expect(page.getByTestId("step-notice")).toContainText("Proposed 1 user");
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1400, height: 900 } });
  const approver = await context.newPage();
  await signIn(approver, server.managerEmail, DEMO.managerPassword);
  await approver.goto("/approvals");
  await waitForHydration(approver);
  await approver.screenshot({ path: path.join(out, "approvals.png") });
});

// The approval workflow in the browser on the demo company: an admin proposes a candidate, the
// demo manager approves, execution runs in dry-run (shown, not sent), then live through the
// simulator's SCIM endpoint; the next sync marks the item verified and Finance counts the freed
// seat; undo re-enables the user. A rejection starts the cool-down. A user who became active after
// the sync (a call added through the simulator's test hook) is cancelled at execution. The proposal
// brings the manager one email (a real SMTP server, end2end/mail/smtp.mjs) whose link opens their
// Approvals page after sign-in.
import { Browser, Page } from "@playwright/test";
import { test, expect, waitForHydration, signIn, mails, DEMO } from "./fixtures";
import { openOnceSynced, managerName, candidateRow, propose } from "./demo";

async function signedIn(browser: Browser, baseURL: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, email, password);
  return page;
}

function itemRow(page: Page, name: string) {
  return page.getByTestId("all-items").locator("tbody tr").filter({ hasText: name }).first();
}

/** A second admin: the fallback approver must be allowed to see the user (a manager sees only
 * their team), and nobody approves their own proposal. */
const SECOND_ADMIN = { email: "second-admin@example.com", password: "second-admin-password" };

async function ensureSecondAdmin(page: Page) {
  await page.goto("/settings");
  await waitForHydration(page);
  if ((await page.getByLabel(`Role of ${SECOND_ADMIN.email}`).count()) === 0) {
    await page.locator("#account_email").fill(SECOND_ADMIN.email);
    await page.locator("#account_role").selectOption("admin");
    await page.locator("#account_password").fill(SECOND_ADMIN.password);
    await page.getByRole("button", { name: "Add account" }).click();
    await expect(page.getByLabel(`Role of ${SECOND_ADMIN.email}`)).toHaveCount(1);
  }
}

async function saveWorkflowSettings(page: Page, change: (page: Page) => Promise<void>) {
  await page.goto("/settings");
  await waitForHydration(page);
  await change(page);
  await page.getByRole("button", { name: "Save workflow settings" }).click();
  await expect(page.getByTestId("step-notice")).toContainText("Workflow settings saved");
}

test("proposed, emailed to the manager, approved, dry-run, executed through SCIM, verified by the next sync, counted by Finance, undone", async ({
  page,
  browser,
  server,
  pageErrors,
}) => {
  test.setTimeout(420_000);
  // A digest waits 5 quiet minutes by default so that a batch goes as one message; the admin
  // sends at once.
  await page.goto("/settings");
  await waitForHydration(page);
  await page.getByLabel("Wait after the newest proposal (minutes)").fill("0");
  await page.getByRole("button", { name: "Save notification settings" }).click();
  await expect(page.getByTestId("step-notice")).toContainText("Notification settings saved");

  await openOnceSynced(page, "/candidates", "candidates-inactive");
  const manager = await managerName(page, server.managerEmail);
  await page.goto("/candidates");
  await waitForHydration(page);
  const name = await propose(page, candidateRow(page, "inactive", manager));
  await expect(page).toHaveURL(/\/approvals\?notice=/);
  await expect(page.getByTestId("step-notice")).toContainText("Proposed 1 user");
  await expect(itemRow(page, name).getByTestId("item-state")).toHaveText("awaiting");
  await expect(page.getByTestId("execution-mode")).toContainText("Dry-run");

  // One email to the manager, naming the user, with one link: their Approvals page.
  const toManager = () => mails(server).filter((m) => m.to.includes(server.managerEmail));
  await expect(async () => expect(toManager()).toHaveLength(1)).toPass({ timeout: 30_000 });
  const [mail] = toManager();
  expect(mail.subject).toBe("seat-audit: 1 proposal waits for your decision");
  expect(mail.body).toContain(name);
  const links = mail.body.match(/https?:\/\/\S+/g) ?? [];
  expect(links).toEqual([`${server.url}/approvals`]);

  // The link, opened signed out, leads through the sign-in page to the manager's Approvals page.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const approver = await context.newPage();
  await approver.goto(links[0]);
  await expect(approver).toHaveURL(/\/login\?next=%2Fapprovals$/);
  await approver.getByLabel("Email").fill(server.managerEmail);
  await approver.getByLabel("Password").fill(DEMO.managerPassword);
  await approver.getByRole("button", { name: "Sign in" }).click();
  await expect(approver).toHaveURL(/\/approvals$/);
  await expect(approver.getByTestId("my-approvals")).toContainText(name);
  await approver.getByTestId("my-approvals").getByRole("checkbox", { name: `Select ${name}` }).check();
  await approver.getByRole("button", { name: "Approve selected" }).click();
  await expect(approver.getByTestId("step-notice")).toContainText("Approved 1 proposal");

  // Dry-run: the step is recorded and the request shown; nothing is sent.
  await page.goto("/approvals");
  const item = itemRow(page, name);
  await expect(item.getByTestId("item-state")).toHaveText("approved");
  await item.getByRole("button", { name: /^Execute #/ }).click();
  await expect(page.getByTestId("step-notice")).toContainText("Dry-run");
  await expect(page.getByTestId("step-notice")).toContainText("PATCH");
  await expect(itemRow(page, name).getByTestId("item-state")).toHaveText("approved");

  await saveWorkflowSettings(page, (p) => p.getByLabel("Live execution").check());
  await page.goto("/approvals");
  await expect(page.getByTestId("execution-mode")).toContainText("Live execution is on");
  await itemRow(page, name).getByRole("button", { name: /^Execute #/ }).click();
  await expect(page.getByTestId("step-notice")).toContainText("executed");
  await expect(itemRow(page, name).getByTestId("item-state")).toHaveText("executed");
  await expect(itemRow(page, name).getByTestId("item-requests")).toContainText("PATCH");

  // The next sync sees the user deactivated in Gong (the simulator) and verifies the item.
  await page.goto("/sync");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(async () => {
    await page.goto("/approvals");
    await expect(itemRow(page, name).getByTestId("item-state")).toHaveText("verified", { timeout: 1_000 });
  }).toPass({ timeout: 200_000, intervals: [3_000] });

  const finance = await signedIn(browser, server.url, DEMO.finance.email, DEMO.finance.password);
  await finance.goto("/finance");
  await expect(finance.getByTestId("freed-seats")).toContainText("1 seat to reassign now");

  await page.goto("/approvals");
  const verified = itemRow(page, name);
  await verified.getByLabel(/^Undo note for #/).fill("wrong person: still on the team");
  await verified.getByRole("button", { name: /^Undo #/ }).click();
  await expect(page.getByTestId("step-notice")).toContainText("undone");
  await expect(itemRow(page, name).getByTestId("item-state")).toHaveText("reverted");

  // Every step is on the audit log.
  await page.goto("/audit?subject=" + encodeURIComponent("item #"));
  for (const action of ["proposed", "approved", "dry run", "executed", "verified", "reverted"]) {
    await expect(page.getByTestId("audit-table").getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  await saveWorkflowSettings(page, (p) => p.getByLabel("Live execution").uncheck());
  await approver.context().close();
  await finance.context().close();
});

test("a rejection with a reason starts the cool-down, and proposing again is refused", async ({ page, browser, server }) => {
  test.setTimeout(240_000);
  await openOnceSynced(page, "/candidates", "candidates-never_active");
  // A second admin approves in place of managers without an account (a manager may approve only
  // for their own team).
  await ensureSecondAdmin(page);
  await saveWorkflowSettings(page, (p) => p.getByLabel("Fallback approver (account email)").fill(SECOND_ADMIN.email));
  await page.goto("/candidates");
  await waitForHydration(page);
  const name = await propose(page, candidateRow(page, "never_active"));
  await expect(page.getByTestId("step-notice")).toContainText("Proposed 1 user");

  const approver = await signedIn(browser, server.url, SECOND_ADMIN.email, SECOND_ADMIN.password);
  await approver.goto("/approvals");
  await approver.getByTestId("my-approvals").getByRole("checkbox", { name: `Select ${name}` }).check();
  await approver.getByRole("button", { name: "Reject selected" }).click();
  await expect(approver.getByTestId("step-refused")).toContainText("Reason");
  await approver.getByTestId("my-approvals").getByRole("checkbox", { name: `Select ${name}` }).check();
  await approver.getByLabel("Reason (required to reject)").fill("covers the EMEA night shift");
  await approver.getByRole("button", { name: "Reject selected" }).click();
  await expect(approver.getByTestId("step-notice")).toContainText("Rejected 1 proposal");

  await page.goto("/approvals");
  await expect(itemRow(page, name).getByTestId("item-state")).toHaveText("rejected");
  await expect(itemRow(page, name)).toContainText("covers the EMEA night shift");
  await page.goto("/candidates");
  await waitForHydration(page);
  const row = page.getByTestId("candidates-never_active").locator("tbody tr").filter({ hasText: name }).first();
  await propose(page, row);
  await expect(page).toHaveURL(/\/candidates\?refused=/);
  await expect(page.getByTestId("step-refused")).toContainText("cool-down");
  await saveWorkflowSettings(page, (p) => p.getByLabel("Fallback approver (account email)").fill(""));
  await approver.context().close();
});

test("a user active again since the sync is cancelled at execution, and nothing is sent", async ({ page, browser, server }) => {
  test.setTimeout(240_000);
  await openOnceSynced(page, "/candidates", "candidates-inactive");
  await ensureSecondAdmin(page);
  await saveWorkflowSettings(page, (p) => p.getByLabel("Fallback approver (account email)").fill(SECOND_ADMIN.email));
  await page.goto("/candidates");
  await waitForHydration(page);
  const name = await propose(page, page.getByTestId("candidates-inactive").locator("tbody tr").last());
  await expect(page.getByTestId("step-notice")).toContainText("Proposed 1 user");

  const approver = await signedIn(browser, server.url, SECOND_ADMIN.email, SECOND_ADMIN.password);
  await approver.goto("/approvals");
  const mine = approver.getByTestId("my-approvals").locator("tbody tr").filter({ hasText: name });
  const email = (await mine.locator(".hint").innerText()).trim();
  await mine.getByRole("checkbox").check();
  await approver.getByRole("button", { name: "Approve selected" }).click();
  await expect(approver.getByTestId("step-notice")).toContainText("Approved 1 proposal");

  // In Gong (the simulator) the user hosts a call after the sync.
  expect(server.simulatorUrl, "the simulator's address from the server's log").not.toBe("");
  const added = await page.request.post(`${server.simulatorUrl}/simulator/calls`, { data: { email, minutes_ago: 0 } });
  expect(added.status()).toBe(200);

  await page.goto("/approvals");
  await itemRow(page, name).getByRole("button", { name: /^Execute #/ }).click();
  await expect(page.getByTestId("step-notice")).toContainText("cancelled, nothing sent");
  await expect(page.getByTestId("step-notice")).toContainText("hosted a call");
  await expect(itemRow(page, name).getByTestId("item-state")).toHaveText("cancelled");
  await page.goto("/audit?action=cancelled");
  await expect(page.getByTestId("audit-table")).toContainText(email);
  await saveWorkflowSettings(page, (p) => p.getByLabel("Fallback approver (account email)").fill(""));
  await approver.context().close();
});

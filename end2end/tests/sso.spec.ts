// Single sign-on in Chromium through a real OpenID provider's own login page (end2end/oidc/provider.mjs,
// the certified `oidc-provider` package): the mapped role on the page asked for; a person of an
// unmapped group refused; a tampered `state` refused. Nothing is signed in after a refusal.
import { Page } from "@playwright/test";
import { test, expect, waitForHydration, SSO } from "./fixtures";

// Each test starts signed out, in a browser with no session here or at the provider.
test.use({ storageState: { cookies: [], origins: [] } });

/** From the sign-in page, through the provider's login form as `login`. */
async function signInAtProvider(page: Page, login: string) {
  await page.getByRole("link", { name: `Sign in with ${SSO.providerName}` }).click();
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password: the test provider takes it");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

test("signing in through the identity provider lands on the page asked for with the mapped role", async ({ page }) => {
  await page.goto("/finance");
  await expect(page).toHaveURL(/\/login\?next=%2Ffinance$/);
  await signInAtProvider(page, SSO.users.finance.login);

  await expect(page).toHaveURL(/\/finance$/);
  await waitForHydration(page);
  await expect(page.getByTestId("signed-in-as")).toContainText(`${SSO.users.finance.email} · Finance`);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([
    "Overview",
    "Users",
    "Candidates",
    "Finance",
    "Sync",
  ]);
});

test("a person whose groups map to no role is told so and nothing is signed in", async ({ page }) => {
  await page.goto("/login");
  await signInAtProvider(page, SSO.users.unmapped.login);

  await expect(page).toHaveURL(/\/login\?error=sso-no-role/);
  await expect(page.getByTestId("login-error")).toContainText("none of your groups gives access to seat-audit");
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login\?next=%2Fusers$/);
});

test("a tampered state coming back from the identity provider is refused", async ({ page, server }) => {
  // The provider's own test switch changes the `state` of its redirect back to seat-audit.
  const tamper = (on: boolean) =>
    fetch(`${server.issuer}/test/switches`, { method: "POST", body: JSON.stringify(on ? { tamper_state: true } : {}) });
  await tamper(true);
  try {
    await page.goto("/login?next=%2Fsettings");
    await signInAtProvider(page, SSO.users.admin.login);

    await expect(page).toHaveURL(/\/login\?error=sso-state/);
    await expect(page.getByTestId("login-error")).toContainText("does not match the sign-in this browser started");
  } finally {
    await tamper(false);
  }
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
});

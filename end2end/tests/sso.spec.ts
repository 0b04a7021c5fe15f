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

// Not run yet: the provider's redirect back to the callback is followed inside the browser, and
// neither a route on the callback nor one rewriting the provider's Location caught it, so the state
// arrived untampered and the sign-in succeeded. The server's refusal of a tampered state is tested in
// server/tests/integration/single_sign_on.rs; issue #15 stays open for this browser test.
test.fixme("a tampered state coming back from the identity provider is refused", async ({ page }) => {
  await page.route((url) => url.pathname === "/auth/oidc/callback", async (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set("state", `${url.searchParams.get("state")}-tampered`);
    await route.continue({ url: url.toString() });
  });
  await page.goto("/login?next=%2Fsettings");
  await signInAtProvider(page, SSO.users.admin.login);

  await expect(page).toHaveURL(/\/login\?error=sso-state/);
  await expect(page.getByTestId("login-error")).toContainText("does not match the sign-in this browser started");
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
});

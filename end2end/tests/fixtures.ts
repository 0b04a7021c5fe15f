// Fixtures: each worker starts a real OpenID provider (end2end/oidc/provider.mjs) and the release
// binary on port 0 against a fresh data directory, signing in through that provider as well as with
// local accounts; every test fails if the page logged an error or threw (a wasm bundle that fails to
// hydrate does).
import { test as base, expect, Page } from "@playwright/test";
import { execFileSync, spawn, ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";

const root = path.resolve(__dirname, "..", "..");

type Server = {
  url: string;
  process: ChildProcess;
  /** The OpenID provider the server's single sign-on uses, and its issuer URL (its test switches
   * are under it: `POST /test/switches`). */
  identityProvider: ChildProcess;
  issuer: string;
  dataDir: string;
  managerEmail: string;
  /** The demo's embedded Gong simulator, for its test hook (`POST /simulator/calls`). */
  simulatorUrl: string;
  /** The SMTP server the notifications go to (end2end/mail/smtp.mjs) and the file it writes. */
  mailServer: ChildProcess;
  mailFile: string;
};

/** One email the test SMTP server accepted. */
export type Mail = { to: string[]; subject: string; body: string };

/** Every email the server's SMTP server has accepted so far, bodies decoded. */
export function mails(server: Server): Mail[] {
  if (!existsSync(server.mailFile)) return [];
  return readFileSync(server.mailFile, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const { to, raw } = JSON.parse(line) as { to: string[]; raw: string };
      const [head, ...rest] = raw.split("\r\n\r\n");
      const headers = head.replace(/\r\n[ \t]/g, " ");
      const subject = (headers.match(/^Subject: (.*)$/im) ?? ["", ""])[1];
      let body = rest.join("\r\n\r\n");
      if (/^Content-Transfer-Encoding: quoted-printable/im.test(headers)) {
        const bytes = body
          .replace(/=\r\n/g, "")
          .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
        body = Buffer.from(bytes, "latin1").toString("utf8");
      }
      return { to, subject, body: body.replace(/\r\n/g, "\n") };
    });
}

/** Starts end2end/mail/smtp.mjs on port 0, writing what it accepts to `file`; its port. */
async function startMailServer(file: string): Promise<[ChildProcess, number]> {
  const child = spawn(process.execPath, [path.join(__dirname, "..", "mail", "smtp.mjs"), "--out", file], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the SMTP server printed no port within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`the SMTP server exited early with ${code}`)));
    readline.createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      resolve(Number(line.trim()));
    });
  });
  return [child, port];
}

/** The single sign-on settings of the e2e server: its provider's test client and users' groups. */
export const SSO = {
  providerName: "Test IdP",
  clientId: "seat-audit-e2e",
  clientSecret: "a-client-secret-only-the-e2e-tests-know",
  roleMap: "seat-audit-admins=admin,finance=finance",
  // end2end/oidc/provider.mjs's own users: any password signs them in.
  users: {
    admin: { login: "it-admin", email: "oidc-admin@example.com" },
    finance: { login: "finance", email: "oidc-finance@example.com" },
    unmapped: { login: "outsider", email: "oidc-outsider@example.com" },
  },
};

/** Starts end2end/oidc/provider.mjs on port 0; its issuer URL is its first line. */
async function startIdentityProvider(): Promise<[ChildProcess, string]> {
  const child = spawn(
    process.execPath,
    [path.join(__dirname, "..", "oidc", "provider.mjs"), "--client-id", SSO.clientId, "--client-secret", SSO.clientSecret],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the OpenID provider printed no issuer within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`the OpenID provider exited early with ${code}`)));
    readline.createInterface({ input: child.stdout! }).once("line", (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
  });
  return [child, issuer];
}

/** In the suite's PostgreSQL pass (SEAT_AUDIT_TEST_POSTGRES, set by scripts/test.sh) each server gets
 * a new database of its own on that PostgreSQL server; otherwise SQLite in its data directory. */
function database(): Record<string, string> {
  const server = process.env.SEAT_AUDIT_TEST_POSTGRES;
  if (!server) return {};
  const name = `e2e${randomBytes(12).toString("hex")}`;
  execFileSync("psql", [server, "--quiet", "--command", `CREATE DATABASE ${name}`]);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { SEAT_AUDIT__DATABASE__URL: url.toString() };
}

async function startServer(): Promise<Server> {
  const [identityProvider, issuer] = await startIdentityProvider();
  const dataDir = mkdtempSync(path.join(tmpdir(), "seat-audit-e2e-"));
  const mailFile = path.join(mkdtempSync(path.join(tmpdir(), "seat-audit-e2e-mail-")), "mail.jsonl");
  const [mailServer, smtpPort] = await startMailServer(mailFile);
  const binary = process.env.SEAT_AUDIT_BIN ?? path.join(root, "target", "release", "seat-audit");
  const child = spawn(binary, ["serve", "--addr", "127.0.0.1:0"], {
    cwd: root,
    env: {
      ...process.env,
      SEAT_AUDIT__DATA_DIR: dataDir,
      SEAT_AUDIT__SITE_ROOT: path.join(root, "target", "site"),
      SEAT_AUDIT__OIDC__ISSUER_URL: issuer,
      SEAT_AUDIT__OIDC__CLIENT_ID: SSO.clientId,
      SEAT_AUDIT__OIDC__CLIENT_SECRET: SSO.clientSecret,
      SEAT_AUDIT__OIDC__ROLE_MAP: SSO.roleMap,
      SEAT_AUDIT__OIDC__PROVIDER_NAME: SSO.providerName,
      SEAT_AUDIT__NOTIFY__SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      SEAT_AUDIT__NOTIFY__FROM: "seat-audit <seat-audit@e2e.example>",
      SEAT_AUDIT__NOTIFY__TICK_SECS: "1",
      ...database(),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // The log goes on to the test's output; its line naming the simulator's address is kept.
  const simulatorUrl = new Promise<string>((resolve) => {
    readline.createInterface({ input: child.stderr! }).on("line", (line) => {
      process.stderr.write(line + "\n");
      const plain = line.replace(/\x1b\[[0-9;]*m/g, "");
      const simulator = plain.match(/simulator is serving base_url=(http:\/\/[0-9.:]+)/);
      if (simulator) resolve(simulator[1]);
    });
  });
  const lines = readline.createInterface({ input: child.stdout! });
  // The address, then the demo accounts, one per line: "  manager  ana@… password: …".
  const [url, managerEmail] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server printed no address and accounts within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the server exited early with ${code}`)));
    let address = "";
    lines.on("line", (line) => {
      const listening = line.match(/listening on (http:\/\/\S+)/);
      if (listening) address = listening[1];
      const manager = line.match(/^\s+manager\s+(\S+)\s+password:/);
      if (manager && address) {
        clearTimeout(timer);
        resolve([address, manager[1]]);
      }
    });
  });
  // The demo logs the simulator's address before it listens; wait a moment for the log to catch up.
  const simulator = await Promise.race([simulatorUrl, new Promise<string>((resolve) => setTimeout(() => resolve(""), 10_000))]);
  return { url, process: child, identityProvider, issuer, dataDir, managerEmail, simulatorUrl: simulator, mailServer, mailFile };
}

/** The demo's accounts, as the server prints them at start-up. */
export const DEMO = {
  admin: { email: "admin@demo.seat-audit.test", password: "demo-admin-password" },
  finance: { email: "finance@demo.seat-audit.test", password: "demo-finance-password" },
  auditor: { email: "auditor@demo.seat-audit.test", password: "demo-auditor-password" },
  managerPassword: "demo-manager-password",
};

/** Signs in through the sign-in page and waits for the page it leads to. */
export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

type StorageState = Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>;

export const test = base.extend<{ pageErrors: string[] }, { server: Server; adminState: StorageState }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      server.process.kill("SIGTERM");
      await new Promise((resolve) => server.process.once("exit", resolve));
      server.identityProvider.kill("SIGTERM");
      server.mailServer.kill("SIGTERM");
      rmSync(path.dirname(server.mailFile), { recursive: true, force: true });
      rmSync(server.dataDir, { recursive: true, force: true });
    },
    { scope: "worker" },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
  },
  // Every test's page starts signed in as the demo admin (one sign-in per worker); tests of other
  // roles sign in in a context of their own.
  adminState: [
    async ({ server, browser }, use) => {
      const context = await browser.newContext({ baseURL: server.url, storageState: { cookies: [], origins: [] } });
      const page = await context.newPage();
      await signIn(page, DEMO.admin.email, DEMO.admin.password);
      const state = await context.storageState();
      await context.close();
      await use(state);
    },
    { scope: "worker" },
  ],
  storageState: async ({ adminState }, use) => {
    await use(adminState);
  },
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") {
        errors.push(`console error: ${message.text()} (${message.location().url})`);
      }
    });
    await use(errors);
    expect(errors, "the page logged errors").toEqual([]);
  },
});

/** Waits until the wasm bundle has hydrated the server-rendered page. */
export async function waitForHydration(page: Page) {
  await expect(page.locator("main")).toHaveAttribute("data-hydrated", "true");
}

export { expect };

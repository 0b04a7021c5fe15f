// Fixtures: each worker starts the release binary on port 0 against a fresh data directory, and
// every test fails if the page logged an error or threw (a wasm bundle that fails to hydrate does).
import { test as base, expect, Page } from "@playwright/test";
import { spawn, ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as readline from "node:readline";

const root = path.resolve(__dirname, "..", "..");

type Server = { url: string; process: ChildProcess; dataDir: string };

async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "seat-audit-e2e-"));
  const binary = process.env.SEAT_AUDIT_BIN ?? path.join(root, "target", "release", "seat-audit");
  const child = spawn(binary, ["serve", "--addr", "127.0.0.1:0"], {
    cwd: root,
    env: {
      ...process.env,
      SEAT_AUDIT__DATA_DIR: dataDir,
      SEAT_AUDIT__SITE_ROOT: path.join(root, "target", "site"),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server printed no address within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the server exited early with ${code}`)));
    lines.on("line", (line) => {
      const match = line.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  return { url, process: child, dataDir };
}

export const test = base.extend<{ pageErrors: string[] }, { server: Server }>({
  server: [
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      server.process.kill("SIGTERM");
      await new Promise((resolve) => server.process.once("exit", resolve));
      rmSync(server.dataDir, { recursive: true, force: true });
    },
    { scope: "worker" },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.url);
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

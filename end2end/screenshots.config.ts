// The README's screenshots: `npx playwright test -c screenshots.config.ts` (after a release build)
// writes docs/screenshots/*.png from the demo. Not part of the test suite.
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

export default defineConfig({
  ...base,
  testDir: "./screenshots",
  timeout: 300_000,
});

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root };

// Unit tests beside the code, the integration suite run once per database, and the reliability
// suite (faults, crashes, concurrency, abuse) on PostgreSQL, where concurrency matters; its tests
// that need SQLite ask for it themselves.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "components/**/*.test.ts",
            "jobs/**/*.test.ts",
            "scripts/**/*.test.ts",
            "test/support/**/*.test.ts",
          ],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration-sqlite",
          include: ["test/integration/**/*.test.ts"],
          env: { TEST_DATABASE: "sqlite" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration-postgresql",
          include: ["test/integration/**/*.test.ts"],
          env: { TEST_DATABASE: "postgresql" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "reliability",
          include: ["test/reliability/**/*.test.ts"],
          env: { TEST_DATABASE: "postgresql" },
          testTimeout: 300_000,
          hookTimeout: 120_000,
          // The crash and concurrency tests start worker processes of their own: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});

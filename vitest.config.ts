import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root };

// Three layers: pure unit tests beside the code, and the integration suite run once per database.
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
    ],
  },
});

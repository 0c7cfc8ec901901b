import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { createAdapterFactory } from "./adapter";
import type { DatabaseProvider, DatabaseTarget } from "./database-url";
import { composeSchema, migrationsDir } from "./schema-files";

/**
 * Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm, pinned), driven through
 * the same driver adapter as the app. The native engine the Prisma CLI downloads is not reachable on
 * every machine; this one ships in the npm package, so migrations work offline. The migrations it
 * reads and writes are Prisma's standard folders, so `prisma migrate deploy` works on them too.
 */
type Bindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
let bindingsPromise: Promise<Bindings> | undefined;

/** Where the engine reports a panic's message before it throws (Prisma's own convention). */
const panicRegistry = {
  message: "",
  set_message(value: string) {
    this.message = value;
  },
};
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes the connections it opened (a SQLite file stays locked otherwise). */
  close(): Promise<void>;
}

export async function openSchemaEngine(target: DatabaseTarget): Promise<OpenSchemaEngine> {
  bindingsPromise ??= loadBindings();
  const bindings = await bindingsPromise;
  const schemaPath = path.join(migrationsDir(target.provider), "..", `${target.provider}.prisma`);
  const factory = createAdapterFactory(target);
  const opened: Array<{ dispose(): Promise<void> }> = [];
  const tracking = Object.assign(Object.create(factory) as typeof factory, {
    connect: async () => {
      const connection = await factory.connect();
      opened.push(connection);
      return connection;
    },
    connectToShadowDb: async () => {
      const connection = await factory.connectToShadowDb();
      opened.push(connection);
      return connection;
    },
  });
  const logs: string[] = [];
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [[schemaPath, composeSchema(target.provider, schemaPath)]] },
    (line: string) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory(tracking),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.all(opened.map((connection) => connection.dispose().catch(() => undefined)));
    },
  };
}

export function lastEnginePanic(): string {
  return panicRegistry.message;
}

async function loadBindings(): Promise<Bindings> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  // Loaded by hand rather than through the package's entry, which imports the .wasm file as an
  // ES module (a Node feature still behind a flag).
  const bindings =
    (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
  const wasmModule = await WebAssembly.compile(fs.readFileSync(path.join(pkgDir, "schema_engine_bg.wasm")));
  const instance = await WebAssembly.instantiate(wasmModule, {
    "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings;
}

/** The migration folders of one database, read from disk in the shape the engine takes. */
export function readMigrationList(provider: DatabaseProvider): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = path.join(baseDir, "migration_lock.toml");
  const directories = fs.existsSync(baseDir)
    ? fs
        .readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: directories.map((name) => {
      const file = path.join(baseDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: fs.existsSync(file)
            ? { tag: "ok" as const, value: fs.readFileSync(file, "utf8") }
            : { tag: "error" as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

export interface DatabaseTarget {
  provider: DatabaseProvider;
  /** The URL as given (or the default SQLite file). */
  url: string;
  /** SQLite only: the absolute path of the database file. */
  filePath?: string;
}

/** The embedded default: a SQLite file under data/, so a fresh checkout needs no database server. */
const DEFAULT_DATABASE_URL = "file:./data/billing-automations.db";

/**
 * Reads DATABASE_URL: `postgres://` or `postgresql://` selects PostgreSQL, `file:` (or nothing) SQLite.
 * Relative SQLite paths are resolved against the working directory, which is the project root for
 * every command in package.json.
 */
export function resolveDatabaseTarget(url: string | undefined = process.env.DATABASE_URL): DatabaseTarget {
  const value = url?.trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(value)) return { provider: "postgresql", url: value };
  if (value.startsWith("file:")) {
    const raw = value.slice("file:".length).replace(/^\/\//, "");
    return { provider: "sqlite", url: value, filePath: path.resolve(raw) };
  }
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${value.split(":")[0]}:…"`,
  );
}

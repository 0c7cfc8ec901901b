import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

// The fixture files under stripe/fixtures/ are run by `stripe fixtures <file>` against a real Stripe
// account, which no test here can do. This checks them the way the Stripe CLI reads them
// (pkg/fixtures/fixtures.go and pkg/parsers/parsers.go of stripe/stripe-cli) and against the
// endpoints and params interfaces of the pinned `stripe` package, with the CLI's own trigger
// fixtures (lib/samples/fixtures/stripe-cli/) as the control: every check passes on those too.

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PROJECT_FIXTURES = join(ROOT, "stripe/fixtures");
const CLI_FIXTURES = join(ROOT, "lib/samples/fixtures/stripe-cli");
const SDK = join(ROOT, "node_modules/stripe/cjs");

// ---------------------------------------------------------------------------------------------
// The CLI's fixture format

/** The CLI rejects a file whose `_meta.template_version` is above this (fixtures.SupportedVersions). */
const SUPPORTED_TEMPLATE_VERSION = 0;
// The JSON members of the CLI's FixtureData, MetaFixture and FixtureRequest. Go's decoder drops any
// other member without a word, so a misspelt one ("param") would silently do nothing: refuse it.
const FILE_KEYS = new Set(["_meta", "fixtures", "env"]);
const META_KEYS = new Set(["template_version", "exclude_metadata", "aliases"]);
const REQUEST_KEYS = new Set([
  "name",
  "expected_error_type",
  "path",
  "method",
  "params",
  "idempotency_key",
  "context",
  "api_base",
  "headers",
]);
// The CLI upper-cases the method to send it, but compares `method == "post"` when it adds params
// (--add), and its own files all use lower case.
const METHODS = new Set(["get", "post", "delete"]);
/** Values the CLI's ParseQuery replaces without a fixture name. */
const BUILTIN_QUERIES = new Set(["${time-now-RFC3339}", "${generate-uuid}"]);
/** `${name:json.path}` (an earlier response's field) or `${.env:VAR|default}` (an environment variable). */
const QUERY = /\$\{([^|}:]+):([^|}]+)(?:\|([^}]*))?\}/g;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface FixtureRequest {
  name: string;
  path: string;
  method: string;
  params?: JsonObject;
  expected_error_type?: string;
  idempotency_key?: string;
  headers?: Record<string, string>;
}

interface FixtureFile {
  _meta: { template_version: number };
  fixtures: FixtureRequest[];
  env?: Record<string, string>;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function loadFixtures(dir: string): [string, unknown][] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => [file, JSON.parse(readFileSync(join(dir, file), "utf8")) as unknown]);
}

/** Problems with the file's structure, as the CLI's FixtureData and FixtureRequest decode it. */
function shapeProblems(data: unknown): string[] {
  if (!isObject(data)) return ["the file is not a JSON object"];
  const problems: string[] = [];
  for (const key of Object.keys(data)) if (!FILE_KEYS.has(key)) problems.push(`unknown top-level member "${key}"`);

  const meta = data._meta;
  if (!isObject(meta)) problems.push("_meta is missing or not an object");
  else {
    for (const key of Object.keys(meta)) if (!META_KEYS.has(key)) problems.push(`unknown _meta member "${key}"`);
    if (meta.template_version !== SUPPORTED_TEMPLATE_VERSION)
      problems.push(`_meta.template_version is ${JSON.stringify(meta.template_version)}, not 0`);
  }
  if (data.env !== undefined && !(isObject(data.env) && Object.values(data.env).every((v) => typeof v === "string")))
    problems.push("env is not an object of strings");

  const requests = data.fixtures;
  if (!Array.isArray(requests) || requests.length === 0) return [...problems, "fixtures is not a non-empty array"];
  const names = new Set<string>();
  for (const [index, request] of requests.entries()) {
    const at = `fixtures[${index}]`;
    if (!isObject(request)) {
      problems.push(`${at} is not an object`);
      continue;
    }
    for (const key of Object.keys(request)) if (!REQUEST_KEYS.has(key)) problems.push(`${at}: unknown member "${key}"`);
    const { name, path, method, params, headers } = request;
    if (typeof name !== "string" || name === "") problems.push(`${at}: name is not a non-empty string`);
    // --override/--add/--remove/--skip address a request by its name, and responses are kept by name.
    else if (names.has(name)) problems.push(`${at}: the name "${name}" is used twice`);
    else names.add(name);
    if (typeof path !== "string" || !/^\/v[12]\//.test(path))
      problems.push(`${at}: path does not start with /v1/ or /v2/`);
    if (typeof method !== "string" || !METHODS.has(method)) problems.push(`${at}: method ${JSON.stringify(method)}`);
    // Decoded into a Go map[string]interface{}: an array or a scalar fails the whole file.
    if (params !== undefined && !isObject(params)) problems.push(`${at}: params is not an object`);
    if (headers !== undefined && !(isObject(headers) && Object.values(headers).every((v) => typeof v === "string")))
      problems.push(`${at}: headers is not an object of strings`);
    for (const key of ["expected_error_type", "idempotency_key", "context", "api_base"])
      if (request[key] !== undefined && typeof request[key] !== "string")
        problems.push(`${at}: ${key} is not a string`);
  }
  return problems;
}

/** Every string of a params value, with where it sits. */
function stringsIn(value: Json | undefined, where: string): [string, string][] {
  if (typeof value === "string") return [[where, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsIn(item, `${where}[${i}]`));
  if (isObject(value)) return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${where}.${key}`));
  return [];
}

/** Problems with `${…}` references: each must name a fixture declared earlier in the same file. */
function referenceProblems(file: FixtureFile): string[] {
  const problems: string[] = [];
  const check = (where: string, text: string, declared: readonly string[], { onePerValue = true } = {}) => {
    const queries = [...text.matchAll(QUERY)];
    // A `${` the CLI does not read as a query goes to Stripe as it is ("${customer.id}").
    const rest = queries.reduce((left, [match]) => left.replace(match, ""), text);
    const stray = [...BUILTIN_QUERIES].reduce((left, builtin) => left.replaceAll(builtin, ""), rest);
    if (stray.includes("${")) problems.push(`${where}: "${text}" holds a \${…} that is not \${name:json.path}`);
    // ParseQuery replaces the first query of a value only; ParsePath replaces all of a path's.
    if (onePerValue && queries.length > 1) problems.push(`${where}: "${text}" holds more than one \${…} reference`);
    for (const [match, name, , fallback] of queries) {
      // The CLI's pattern ends a default at the first "/": such a query is sent as it is.
      if (fallback?.includes("/")) problems.push(`${where}: the default of ${match} holds a "/"`);
      if (name === ".env") continue;
      if (!declared.includes(name!))
        problems.push(
          `${where}: ${match} names no fixture declared before it (declared: ${declared.join(", ") || "none"})`,
        );
    }
  };
  file.fixtures.forEach((request, index) => {
    const declared = file.fixtures.slice(0, index).map((earlier) => earlier.name);
    const at = `fixture "${request.name}"`;
    check(`${at} path`, request.path, declared, { onePerValue: false });
    for (const [where, text] of stringsIn(request.params, "params")) check(`${at} ${where}`, text, declared);
    if (request.idempotency_key) check(`${at} idempotency_key`, request.idempotency_key, declared);
    for (const [header, text] of Object.entries(request.headers ?? {})) check(`${at} header ${header}`, text, declared);
  });
  // env is written after every request has run.
  const all = file.fixtures.map((request) => request.name);
  for (const [key, text] of Object.entries(file.env ?? {})) check(`env ${key}`, text, all);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The pinned SDK: its endpoints (cjs/resources/**/*.js) and their params interfaces (the .d.ts beside)

interface DtsInterface {
  name: string;
  scope: string[];
  /** Property name → its type as written. */
  props: Map<string, string>;
  /** An index signature (`[key: string]: …`, as MetadataParam has): any key is allowed. */
  anyKey: boolean;
  extends: string[];
  file: DtsFile;
}

interface DtsFile {
  interfaces: Map<string, DtsInterface>;
  /** Method name → the type of its `params` argument, as written. */
  methodParams: Map<string, string>;
}

interface Endpoint {
  method: string;
  path: string;
  segments: string[];
  params: DtsInterface | null;
}

const countOf = (text: string, char: string) => text.split(char).length - 1;

/** A small reader for the SDK's generated declarations: namespaces, interfaces and their members, classes' methods. */
function parseDts(text: string): DtsFile {
  const file: DtsFile = { interfaces: new Map(), methodParams: new Map() };
  type Frame =
    { kind: "namespace"; name: string } | { kind: "interface"; iface: DtsInterface } | { kind: "class" | "block" };
  const stack: Frame[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  for (const raw of code.split("\n")) {
    const line = raw.trim();
    if (!line) continue;
    const top = stack.at(-1);
    const namespace = /^(?:export\s+)?(?:declare\s+)?namespace\s+([\w.]+)\s*\{$/.exec(line);
    const iface =
      /^(?:export\s+)?(?:declare\s+)?interface\s+(\w+)(?:<[^>]*>)?(?:\s+extends\s+([^{]+?))?\s*\{\s*(\})?$/.exec(line);
    const klass = /^(?:export\s+)?(?:declare\s+)?(?:abstract\s+)?class\s+\w+.*\{$/.test(line);
    if (namespace) {
      stack.push({ kind: "namespace", name: namespace[1]! });
    } else if (iface) {
      const scope = stack.flatMap((frame) => (frame.kind === "namespace" ? frame.name.split(".") : []));
      const entry: DtsInterface = {
        name: iface[1]!,
        scope,
        props: new Map(),
        anyKey: false,
        extends: iface[2] ? iface[2].split(",").map((base) => base.trim().replace(/<.*$/, "")) : [],
        file,
      };
      file.interfaces.set([...scope, entry.name].join("."), entry);
      if (!iface[3]) stack.push({ kind: "interface", iface: entry });
    } else if (klass) {
      stack.push({ kind: "class" });
    } else {
      if (top?.kind === "interface") {
        const prop = /^(?:readonly\s+)?(\w+)\??:\s*(.*?);?$/.exec(line);
        if (prop) top.iface.props.set(prop[1]!, prop[2]!);
        else if (/^(?:readonly\s+)?\[\w+:\s*string\]/.test(line)) top.iface.anyKey = true;
      } else if (top?.kind === "class") {
        const method = /^(\w+)\((.*)\)\s*:/.exec(line);
        const params = method && /\bparams\??:\s*([\w.]+)/.exec(method[2]!);
        if (method && params && !file.methodParams.has(method[1]!)) file.methodParams.set(method[1]!, params[1]!);
      }
      const net = countOf(line, "{") - countOf(line, "}");
      for (let i = 0; i < net; i++) stack.push({ kind: "block" });
      for (let i = 0; i < -net; i++) stack.pop();
    }
  }
  return file;
}

interface SdkIndex {
  endpoints: Endpoint[];
  shared: DtsFile;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Looks a type name up as TypeScript would from inside `scope`: the innermost namespace first, then shared.d.ts. */
function resolveType(ref: string, scope: readonly string[], file: DtsFile, sdk: SdkIndex): DtsInterface | null {
  const name = ref.replace(/^Stripe\./, "");
  for (let depth = scope.length; depth >= 0; depth--) {
    const found = file.interfaces.get([...scope.slice(0, depth), name].join("."));
    if (found) return found;
  }
  return sdk.shared.interfaces.get(name) ?? null;
}

function buildSdkIndex(): SdkIndex {
  const sdk: SdkIndex = { endpoints: [], shared: parseDts(readFileSync(join(SDK, "shared.d.ts"), "utf8")) };
  for (const jsPath of walk(join(SDK, "resources")).filter((path) => path.endsWith(".js"))) {
    const js = readFileSync(jsPath, "utf8");
    const declared: [string, string, string][] = [];
    // `create(params, options) { return this._makeRequest('POST', '/v1/customers', …` (the pinned version),
    // with `${encodeURIComponent(id)}` for each path parameter …
    for (const m of js.matchAll(
      /^\s+(\w+)\([^)]*\)\s*\{\s*return this\._makeRequest\('(GET|POST|DELETE)',\s*(`[^`]*`|'[^']*')/gm,
    ))
      declared.push([m[1]!, m[2]!, m[3]!.slice(1, -1).replace(/\$\{encodeURIComponent\((\w+)\)\}/g, "{$1}")]);
    // … or `create: stripeMethod({ method: 'POST', fullPath: '/v1/customers' })` (older versions).
    for (const m of js.matchAll(/^\s+(\w+):\s*stripeMethod\(\{\s*method:\s*'(\w+)',\s*fullPath:\s*'([^']+)'/gm))
      declared.push([m[1]!, m[2]!, m[3]!]);
    if (declared.length === 0) continue;

    let dts: DtsFile | null = null;
    try {
      dts = parseDts(readFileSync(jsPath.replace(/\.js$/, ".d.ts"), "utf8"));
    } catch {
      // no declarations beside it: its endpoints still count, their params are not checked
    }
    for (const [methodName, method, path] of declared) {
      if (path.includes("${")) throw new Error(`${jsPath}: cannot read the path ${path}`);
      const paramsType = dts?.methodParams.get(methodName);
      sdk.endpoints.push({
        method,
        path,
        segments: path.split("/").filter(Boolean),
        params: dts && paramsType ? resolveType(paramsType, [], dts, sdk) : null,
      });
    }
  }
  return sdk;
}

const REFERENCE = Symbol("a ${…} reference");

/**
 * The SDK endpoint a fixture request calls: a `{param}` segment of the SDK's path matches any one
 * segment, a `${…}` segment of the fixture's path matches only such a wildcard; the most literal match wins.
 */
function findEndpoint(sdk: SdkIndex, method: string, fixturePath: string): Endpoint | null {
  const segments = fixturePath
    .split("?")[0]!
    .split("/")
    .filter(Boolean)
    .map((segment) => (segment.includes("${") ? REFERENCE : segment));
  let best: { endpoint: Endpoint; literals: number } | null = null;
  for (const endpoint of sdk.endpoints) {
    if (endpoint.method !== method.toUpperCase() || endpoint.segments.length !== segments.length) continue;
    let literals = 0;
    const matches = endpoint.segments.every((sdkSegment, i) => {
      if (/^\{\w+\}$/.test(sdkSegment)) return true;
      literals++;
      return segments[i] === sdkSegment;
    });
    if (matches && (!best || literals > best.literals)) best = { endpoint, literals };
  }
  return best?.endpoint ?? null;
}

/** `recurring[interval]` → recurring, interval; `items[0][price]` → items, price (array indexes dropped). */
const keySegments = (key: string) => key.split(/[[\]]+/).filter((segment) => segment !== "" && !/^\d+$/.test(segment));

/** Every param path of a params value: { invoice_settings: { default_payment_method } } → invoice_settings.default_payment_method. */
function paramPaths(value: Json, prefix: string[] = []): string[][] {
  if (Array.isArray(value)) return value.flatMap((item) => paramPaths(item, prefix));
  if (isObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return prefix.length ? [prefix] : [];
    return entries.flatMap(([key, item]) => paramPaths(item, [...prefix, ...keySegments(key)]));
  }
  return [prefix];
}

const NOT_INTERFACES = new Set(["string", "number", "boolean", "null", "undefined", "Array", "Emptyable", "Record"]);

/** The one interface a property's type names (`Array<CustomerCreateParams.InvoiceSettings>`…), if exactly one. */
function nestedInterface(owner: DtsInterface, type: string, sdk: SdkIndex): DtsInterface | null {
  const names = (type.replace(/'[^']*'/g, "").match(/[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g) ?? []).filter(
    (name) => !NOT_INTERFACES.has(name.replace(/^Stripe\./, "")),
  );
  const found = new Set(
    names.map((name) => resolveType(name, [...owner.scope, owner.name], owner.file, sdk)).filter((iface) => iface),
  );
  return found.size === 1 ? [...found][0]! : null;
}

/** The property of an interface or of one it extends. */
function propertyType(iface: DtsInterface, name: string, sdk: SdkIndex): string | undefined {
  if (iface.props.has(name)) return iface.props.get(name);
  for (const base of iface.extends) {
    const resolved = resolveType(base, iface.scope, iface.file, sdk);
    const found = resolved && propertyType(resolved, name, sdk);
    if (found) return found;
  }
  return undefined;
}

const acceptsAnyKey = (iface: DtsInterface, sdk: SdkIndex): boolean =>
  iface.anyKey || iface.extends.some((base) => resolveType(base, iface.scope, iface.file, sdk)?.anyKey);

/** Problems with the requests' endpoints and params, against the pinned SDK. */
function endpointProblems(file: FixtureFile, sdk: SdkIndex): string[] {
  const problems: string[] = [];
  for (const request of file.fixtures) {
    const call = `${request.method.toUpperCase()} ${request.path}`;
    const endpoint = findEndpoint(sdk, request.method, request.path);
    if (!endpoint) {
      problems.push(`fixture "${request.name}": ${call} is no endpoint of the stripe package`);
      continue;
    }
    const paths = paramPaths(request.params ?? {});
    if (paths.length === 0) continue;
    if (!endpoint.params) {
      problems.push(`fixture "${request.name}": no params interface found for ${endpoint.method} ${endpoint.path}`);
      continue;
    }
    for (const path of paths) {
      // Down the param path while each level's interface is known; a level typed otherwise (a string,
      // a union of several interfaces, MetadataParam's any key) ends what can be checked.
      let iface: DtsInterface | null = endpoint.params;
      for (let depth = 0; iface && depth < path.length && !acceptsAnyKey(iface, sdk); depth++) {
        const type = propertyType(iface, path[depth]!, sdk);
        if (type === undefined) {
          const interfaceName = [...iface.scope, iface.name].join(".");
          problems.push(
            `fixture "${request.name}": ${call} takes no param "${path.slice(0, depth + 1).join(".")}" (${interfaceName})`,
          );
          break;
        }
        iface = nestedInterface(iface, type, sdk);
      }
    }
  }
  return problems;
}

function fixtureProblems(data: unknown, sdk: SdkIndex): string[] {
  const shape = shapeProblems(data);
  if (shape.length) return shape;
  const file = data as FixtureFile;
  return [...referenceProblems(file), ...endpointProblems(file, sdk)];
}

// ---------------------------------------------------------------------------------------------

const sdk = buildSdkIndex();
const projectFiles = loadFixtures(PROJECT_FIXTURES);
const cliFiles = loadFixtures(CLI_FIXTURES);

describe("the pinned stripe package, as this test reads it", () => {
  it("declares its endpoints with a params interface each", () => {
    expect(sdk.endpoints.length).toBeGreaterThan(500);
    expect(sdk.endpoints.filter((endpoint) => !endpoint.params).map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });

  it("knows the test clock's advance and the params of a subscription", () => {
    const advance = findEndpoint(sdk, "post", "/v1/test_helpers/test_clocks/${clock:id}/advance");
    expect(advance?.path).toBe("/v1/test_helpers/test_clocks/{id}/advance");
    expect([...advance!.params!.props.keys()]).toContain("frozen_time");
    const create = findEndpoint(sdk, "post", "/v1/subscriptions")!;
    expect(create.params?.name).toBe("SubscriptionCreateParams");
    expect(nestedInterface(create.params!, create.params!.props.get("items")!, sdk)?.name).toBe("Item");
    // The most literal path wins: /v1/customers/search is not a customer's id.
    expect(findEndpoint(sdk, "get", "/v1/customers/search")?.path).toBe("/v1/customers/search");
    expect(findEndpoint(sdk, "get", "/v1/customers/${customer:id}")?.path).toBe("/v1/customers/{id}");
    expect(findEndpoint(sdk, "get", "/v1/customers/${customer:id}/nothing")).toBeNull();
  });
});

describe.each([
  ["the Stripe CLI's own trigger fixtures (control)", cliFiles],
  ["stripe/fixtures", projectFiles],
])("%s", (_label, files) => {
  it("are there", () => expect(files.length).toBeGreaterThan(0));

  it.each(files)("%s: CLI format, references to earlier fixtures, endpoints and params of the SDK", (_file, data) => {
    expect(fixtureProblems(data, sdk)).toEqual([]);
  });
});

/** The test payment methods and tokens (pm_card_visa, tok_chargeCustomerFail …) a file names, in paths or params. */
const testPaymentMethods = (files: [string, unknown][]) =>
  new Set(files.flatMap(([, data]) => JSON.stringify(data).match(/\b(?:pm|tok)_[A-Za-z0-9_]+/g) ?? []));

it("stripe/fixtures name only test payment methods that the CLI's own fixtures use", () => {
  const cli = testPaymentMethods(cliFiles);
  expect(cli).toContain("pm_card_chargeCustomerFail");
  expect([...testPaymentMethods(projectFiles)].filter((id) => !cli.has(id))).toEqual([]);
});

const fixtureFile = (name: string) => projectFiles.find(([file]) => file === name)?.[1] as FixtureFile;
const request = (file: FixtureFile, name: string) => {
  const found = file.fixtures.find((fixture) => fixture.name === name);
  if (!found) throw new Error(`no fixture "${name}"`);
  return found;
};
const indexOf = (file: FixtureFile, name: string) => file.fixtures.findIndex((fixture) => fixture.name === name);

function addInterval(seconds: number, interval: string, count = 1): number {
  const date = new Date(seconds * 1000);
  if (interval === "year") date.setUTCFullYear(date.getUTCFullYear() + count);
  else if (interval === "month") date.setUTCMonth(date.getUTCMonth() + count);
  else if (interval === "week") date.setUTCDate(date.getUTCDate() + 7 * count);
  else if (interval === "day") date.setUTCDate(date.getUTCDate() + count);
  else throw new Error(`unknown interval ${interval}`);
  return date.getTime() / 1000;
}

describe("stripe/fixtures/subscription_payment_failed.json: a renewal whose first attempt fails", () => {
  const file = fixtureFile("subscription_payment_failed.json");

  it("puts the customer on a test clock, paying with a card that works", () => {
    const customer = request(file, "customer");
    expect(customer.params).toMatchObject({
      test_clock: "${test_clock:id}",
      payment_method: "pm_card_visa",
      invoice_settings: { default_payment_method: "pm_card_visa" },
    });
  });

  it("switches the default card to one that attaches but fails charges, after the subscription is created", () => {
    const attach = request(file, "failing_card");
    expect(attach.path).toBe("/v1/payment_methods/pm_card_chargeCustomerFail/attach");
    expect(request(file, "default_failing_card").params).toEqual({
      invoice_settings: { default_payment_method: "${failing_card:id}" },
    });
    expect(indexOf(file, "subscription")).toBeLessThan(indexOf(file, "failing_card"));
    expect(request(file, "subscription").params).not.toHaveProperty("default_payment_method");
  });

  it("advances the clock last, past the first renewal and the hour before it is finalized, within two intervals", () => {
    const start = request(file, "test_clock").params!.frozen_time as number;
    const interval = (request(file, "price").params!.recurring as JsonObject).interval as string;
    const advance = file.fixtures.at(-1)!;
    expect(advance.path).toBe("/v1/test_helpers/test_clocks/${test_clock:id}/advance");
    const to = advance.params!.frozen_time as number;
    expect(to).toBeGreaterThan(addInterval(start, interval) + 3600);
    expect(to).toBeLessThanOrEqual(addInterval(start, interval, 2));
  });
});

describe("stripe/fixtures/invoice_overdue.json: an open send_invoice invoice whose due date has passed", () => {
  const file = fixtureFile("invoice_overdue.json");

  it("finalizes a send_invoice invoice of a customer on a test clock", () => {
    expect(request(file, "customer").params).toMatchObject({ test_clock: "${test_clock:id}" });
    expect(request(file, "invoice").params).toMatchObject({ collection_method: "send_invoice" });
    expect(file.fixtures.at(-1)!.path).toBe("/v1/invoices/${invoice:id}/finalize");
  });

  it("makes the due date fall before today: the clock's time plus days_until_due", () => {
    const start = request(file, "test_clock").params!.frozen_time as number;
    const days = request(file, "invoice").params!.days_until_due as number;
    expect(start + days * 86_400).toBeLessThan(Date.now() / 1000);
  });
});

describe("the checks find a broken fixture", () => {
  const valid = (): FixtureFile => ({
    _meta: { template_version: 0 },
    fixtures: [
      {
        name: "customer",
        path: "/v1/customers",
        method: "post",
        params: { email: "a@example.com", description: "${.env:CUSTOMER_DESCRIPTION|not a fixture reference}" },
      },
      {
        name: "invoice",
        path: "/v1/invoices",
        method: "post",
        params: { customer: "${customer:id}", collection_method: "send_invoice", "metadata[source]": "test" },
      },
      { name: "finalize", path: "/v1/invoices/${invoice:id}/finalize", method: "post" },
    ],
  });

  it("passes the valid base", () => expect(fixtureProblems(valid(), sdk)).toEqual([]));

  it.each<[string, (file: FixtureFile) => void, string]>([
    [
      "a path no endpoint has",
      (f) => (f.fixtures[2]!.path = "/v1/invoice/${invoice:id}/finalize"),
      'fixture "finalize": POST /v1/invoice/${invoice:id}/finalize is no endpoint of the stripe package',
    ],
    [
      "a method the endpoint does not take",
      (f) => (f.fixtures[2]!.method = "get"),
      "GET /v1/invoices/${invoice:id}/finalize is no endpoint",
    ],
    [
      "a reference to a fixture declared later",
      (f) => (f.fixtures[0]!.params = { description: "${invoice:id}" }),
      "${invoice:id} names no fixture declared before it (declared: none)",
    ],
    [
      "a reference to a fixture that does not exist",
      (f) => (f.fixtures[2]!.path = "/v1/invoices/${invoic:id}/finalize"),
      'fixture "finalize" path: ${invoic:id} names no fixture declared before it (declared: customer, invoice)',
    ],
    [
      "a reference the CLI would send as it is",
      (f) => (f.fixtures[1]!.params!.customer = "${customer.id}"),
      'params.customer: "${customer.id}" holds a ${…} that is not ${name:json.path}',
    ],
    [
      "a param the endpoint does not take",
      (f) => (f.fixtures[1]!.params!.collection_methd = "send_invoice"),
      'POST /v1/invoices takes no param "collection_methd" (InvoiceCreateParams)',
    ],
    [
      "a nested param the endpoint does not take",
      (f) => (f.fixtures[0]!.params!["invoice_settings[default_payment]"] = "pm_card_visa"),
      'takes no param "invoice_settings.default_payment" (CustomerCreateParams.InvoiceSettings)',
    ],
    [
      "a default the CLI's pattern cannot read",
      (f) => (f.fixtures[0]!.params!.description = "${.env:SITE|https://example.com}"),
      'the default of ${.env:SITE|https://example.com} holds a "/"',
    ],
    [
      "a template version the CLI does not support",
      (f) => (f._meta.template_version = 1),
      "_meta.template_version is 1, not 0",
    ],
    [
      "a misspelt member the CLI would ignore",
      (f) => Object.assign(f.fixtures[2]!, { param: { auto_advance: true } }),
      'fixtures[2]: unknown member "param"',
    ],
    [
      "two fixtures with one name",
      (f) => (f.fixtures[2]!.name = "invoice"),
      'fixtures[2]: the name "invoice" is used twice',
    ],
  ])("%s", (_case, breakIt, problem) => {
    const file = valid();
    breakIt(file);
    expect(fixtureProblems(file, sdk)).toEqual([expect.stringContaining(problem)]);
  });
});

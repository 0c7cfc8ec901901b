import type { NextConfig } from "next";
import { securityHeaders, STRICT_TRANSPORT_SECURITY } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  // Native and driver packages are loaded by Node at run time, never bundled.
  serverExternalPackages: [
    "better-sqlite3",
    "pg",
    "@prisma/client",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
    "node-cron",
    "nodemailer",
    "pino",
    "pino-pretty",
  ],
  poweredByHeader: false,
  // `npm run dev` opened as http://127.0.0.1:3000 as well as localhost: without this, Next.js
  // blocks its own development resources from that origin (a console error on every page).
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // Lets two builds live side by side (parallel browser-test runs on one machine).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Browsers ask for /favicon.ico on their own, whatever the page's <link rel="icon"> says.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders({ development: process.env.NODE_ENV === "development" }) },
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [STRICT_TRANSPORT_SECURITY],
      },
    ];
  },
};

export default nextConfig;

// @ts-check
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./server/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and WASM packages run from node_modules instead of being bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "@node-rs/argon2",
    "pino",
    "ioredis",
    "socket.io",
  ],
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` checks types once, not twice
  devIndicators: false,
  // Browsers still ask for /favicon.ico now and then (before the page's <link rel="icon"> is read,
  // or for responses that are not HTML): answer with the site icon instead of a 404.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
};

export default withNextIntl(nextConfig);

// Used only by the Prisma CLI when authoring migrations (`npm run db:migration`). The app
// never runs the CLI: server/db/migrate.ts applies the SQL files itself on PostgreSQL or PGlite.
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.MIGRATION_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test" }),
});

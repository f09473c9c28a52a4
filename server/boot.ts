import { openDatabase, type Database } from "./db/database";
import { migrateDatabase } from "./db/migrate";
import type { Env } from "./env";
import type { Logger } from "./logger";
import { DEMO_PASSWORD, seedDemo } from "./seed/seed-demo";

/** Opens the database, applies migrations and seeds the demo data on an empty database. */
export async function bootDatabase({ env, logger }: { env: Env; logger: Logger }): Promise<Database> {
  const t0 = performance.now();
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const m = await migrateDatabase({ db });
    logger.info({ db: db.kind, location: db.location, applied: m.applied, ms: Math.round(performance.now() - t0) }, "database ready");
    if (env.SEED_DEMO) {
      const seed = await seedDemo({ db, questionsDir: env.QUESTIONS_DIR });
      if (seed.seeded) {
        logger.info(
          { accounts: seed.users.map((u) => `${u.email} (${u.roles.join(", ").toLowerCase()})`), password: DEMO_PASSWORD },
          "seeded the demo organisation: sign in with any of these accounts",
        );
        if ("refused" in seed.bank) {
          for (const p of seed.bank.refused) logger.error(p, "question bank file is invalid");
          logger.error({ problems: seed.bank.refused.length }, "the question bank was NOT loaded: fix the files above (npm run questions -- check)");
        } else {
          logger.info(seed.bank, "question bank loaded");
        }
      }
    }
    return db;
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

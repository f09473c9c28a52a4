-- AlterTable
ALTER TABLE "User" ALTER COLUMN "locale" DROP NOT NULL,
ALTER COLUMN "locale" DROP DEFAULT;

-- Until now every account was created with "en", so a stored "en" cannot be told apart from an
-- explicit choice; it is cleared, and such users get their browser's language until they pick one
-- (someone who had chosen English and browses in English sees no change). "zh" was always a choice.
UPDATE "User" SET "locale" = NULL WHERE "locale" = 'en';

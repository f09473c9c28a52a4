-- CreateTable
CREATE TABLE "RescoreRun" (
    "id" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "questionVersionId" TEXT NOT NULL,
    "engineVersion" TEXT NOT NULL,
    "answerCount" INTEGER NOT NULL,
    "changedCount" INTEGER NOT NULL,
    "skippedCount" INTEGER NOT NULL,
    "meanAbsChange" DOUBLE PRECISION NOT NULL,
    "maxAbsChange" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RescoreRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RescoreResult" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "answerId" TEXT NOT NULL,
    "fromVersionId" TEXT NOT NULL,
    "oldScoreId" TEXT NOT NULL,
    "oldOverall5" DOUBLE PRECISION NOT NULL,
    "newOverall5" DOUBLE PRECISION NOT NULL,
    "delta" DOUBLE PRECISION NOT NULL,
    "criteria" JSONB NOT NULL,

    CONSTRAINT "RescoreResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionCalibration" (
    "id" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "questionVersionId" TEXT NOT NULL,
    "engineVersion" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "parameters" JSONB NOT NULL,
    "fitKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionCalibration_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RescoreRun_questionId_createdAt_idx" ON "RescoreRun"("questionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RescoreRun_questionVersionId_engineVersion_key" ON "RescoreRun"("questionVersionId", "engineVersion");

-- CreateIndex
CREATE INDEX "RescoreResult_answerId_idx" ON "RescoreResult"("answerId");

-- CreateIndex
CREATE UNIQUE INDEX "RescoreResult_runId_answerId_key" ON "RescoreResult"("runId", "answerId");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionCalibration_fitKey_key" ON "QuestionCalibration"("fitKey");

-- CreateIndex
CREATE INDEX "QuestionCalibration_questionId_engineVersion_createdAt_idx" ON "QuestionCalibration"("questionId", "engineVersion", "createdAt");

-- AddForeignKey
ALTER TABLE "RescoreRun" ADD CONSTRAINT "RescoreRun_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RescoreRun" ADD CONSTRAINT "RescoreRun_questionVersionId_fkey" FOREIGN KEY ("questionVersionId") REFERENCES "QuestionVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RescoreResult" ADD CONSTRAINT "RescoreResult_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RescoreRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RescoreResult" ADD CONSTRAINT "RescoreResult_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "Answer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionCalibration" ADD CONSTRAINT "QuestionCalibration_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionCalibration" ADD CONSTRAINT "QuestionCalibration_questionVersionId_fkey" FOREIGN KEY ("questionVersionId") REFERENCES "QuestionVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

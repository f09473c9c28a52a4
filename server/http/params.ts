import { z } from "zod";

export const ZId = z.string().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/, "must be an id");
export const ZQuestionParams = z.object({ questionId: ZId });
export const ZOrgParams = z.object({ orgId: ZId });
export const ZSessionParams = z.object({ sessionId: ZId });
export const ZTemplateParams = z.object({ orgId: ZId, templateId: ZId });

import { getTranslations } from "next-intl/server";
import type { RoleName } from "@/lib/accounts";
import { Alert, PageTitle } from "./ui";

export async function Forbidden({ title, need }: { title: string; need: RoleName }) {
  const t = await getTranslations();
  return (
    <>
      <PageTitle title={title} />
      <Alert>{t("forbidden", { role: t(`common.roles.${need}`).toLowerCase() })}</Alert>
    </>
  );
}

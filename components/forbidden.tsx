import { Alert, PageTitle } from "./ui";

export function Forbidden({ title, need }: { title: string; need: string }) {
  return (
    <>
      <PageTitle title={title} />
      <Alert>You need the {need} role in an organisation to open this page.</Alert>
    </>
  );
}

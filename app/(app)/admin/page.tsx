import { Forbidden } from "@/components/forbidden";
import { PageTitle } from "@/components/ui";
import { ROLE_LABELS } from "@/lib/accounts";
import { pageAuth } from "@/server/auth/page-auth";
import { listMembers } from "@/server/orgs/list-members";
import { getRuntime } from "@/server/runtime/runtime";

export const metadata = { title: "Admin" };

export default async function AdminPage() {
  const { memberships } = await pageAuth(["ADMIN"]);
  const admin = memberships.filter((m) => m.roles.includes("ADMIN"));
  if (!admin.length) return <Forbidden title="Admin" need="admin" />;
  const db = getRuntime().db;
  const orgs = await Promise.all(admin.map(async (m) => ({ ...m, members: await listMembers({ db, orgId: m.orgId }) })));
  return (
    <>
      <PageTitle title="Admin" subtitle="Members and roles of the organisations you administer." />
      {orgs.map((o) => (
        <section key={o.orgId} className="mb-8">
          <h2 className="mb-2 font-semibold">
            {o.orgName} <span className="font-normal text-slate-500">({o.members.length} members)</span>
          </h2>
          <table className="w-full rounded-xl border border-slate-200 bg-white text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">Name</th>
                <th className="px-4 py-2 font-medium">Email</th>
                <th className="px-4 py-2 font-medium">Roles</th>
              </tr>
            </thead>
            <tbody>
              {o.members.map((m) => (
                <tr key={m.userId} className="border-t border-slate-100">
                  <td className="px-4 py-2">{m.name}</td>
                  <td className="px-4 py-2">{m.email}</td>
                  <td className="px-4 py-2">{m.roles.map((r) => ROLE_LABELS[r]).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

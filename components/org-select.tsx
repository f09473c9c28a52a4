import type { ComponentProps } from "react";

/** A labelled choice of one of the caller's organisations (forms that act inside one: tokens, questions, sessions, the queue). */
export function OrgSelect({
  label,
  orgs,
  labelClassName = "text-sm",
  className = "rounded-lg border border-slate-300 px-3 py-2",
  ...select
}: { label: string; orgs: readonly { orgId: string; name: string }[]; labelClassName?: string } & ComponentProps<"select">) {
  return (
    <label className={labelClassName}>
      <span className="mb-1 block font-medium text-slate-700">{label}</span>
      <select className={className} {...select}>
        {orgs.map((o) => (
          <option key={o.orgId} value={o.orgId}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}

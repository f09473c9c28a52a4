"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

/** Copies `text` to the clipboard and says so for two seconds. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const t = useTranslations("interviews");
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // Clipboard access can be refused (insecure origin, permissions): the text stays selectable.
      setCopied(false);
    }
    setTimeout(() => setCopied(null), 2000);
  };
  const state = copied === null ? t("copy") : copied ? t("copied") : t("copyFailed");
  return (
    <>
      <button type="button" onClick={() => void copy()} aria-label={label} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50">
        {state}
      </button>
      {/* The button's name stays "Copy …"; screen readers hear the outcome here. */}
      <span role="status" className="sr-only">
        {copied === null ? "" : state}
      </span>
    </>
  );
}

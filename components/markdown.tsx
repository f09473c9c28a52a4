"use client";

import ReactMarkdown from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";

/**
 * Renders question text the way candidates and interviewers see it: GitHub-flavoured
 * Markdown, $inline$ and $$block$$ math (KaTeX) and highlighted code. Raw HTML is not
 * rendered (react-markdown's default), so author text cannot inject markup.
 */
export function Markdown({ children, className = "" }: { children: string; className?: string }) {
  return (
    <div className={`markdown text-sm leading-relaxed ${className}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkMath]} rehypePlugins={[rehypeKatex, [rehypeHighlight, { detect: false, ignoreMissing: true }]]}>
        {children}
      </ReactMarkdown>
    </div>
  );
}

import Link from "next/link";
import { hrefOf } from "@/lib/schemas/search-params";

/**
 * Newest-first paging for a list page: "Newest" back from a later page, the older link while
 * another page follows. The filter rides along in `params`; cursors are opaque.
 */
export function Pager({
  basePath,
  params,
  cursor,
  nextCursor,
  olderLabel,
  shown,
}: {
  basePath: string;
  /** The current filter, without the cursor. */
  params: Readonly<Record<string, string | undefined>>;
  cursor: string | undefined;
  nextCursor: string | null;
  olderLabel: string;
  shown: number;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      {cursor ? <Link className="btn" href={hrefOf(basePath, params)}>Newest</Link> : null}
      {nextCursor ? <Link className="btn" href={hrefOf(basePath, { ...params, cursor: nextCursor })}>{olderLabel}</Link> : null}
      <span className="faint">{shown} shown</span>
    </nav>
  );
}

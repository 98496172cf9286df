import { z } from "zod";

/**
 * A keyset page cursor as it travels in a list page's URL (`?cursor=`): opaque
 * to pages and components, read back only by `lib/db/keyset.ts`. A malformed
 * cursor reads as none, so a mangled link opens the first page.
 */
export const cursorSchema = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/).optional().catch(undefined);

/** One page of a list, newest first; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

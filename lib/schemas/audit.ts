import { z } from "zod";
import { cursorSchema } from "./pagination";
import { optionalQuery, queryDay } from "./search-params";

/** The audit page's query string. */
export const auditFilterSchema = z.object({
  action: optionalQuery(z.string().max(100)),
  actor: optionalQuery(z.string().max(200)),
  target: optionalQuery(z.string().max(100)),
  from: queryDay(),
  to: queryDay(),
  cursor: cursorSchema,
});

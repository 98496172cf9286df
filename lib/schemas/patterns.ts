import { z } from "zod";
import { parseRange } from "@/lib/domain/ranges";
import { optionalQuery } from "./search-params";

/** The patterns page's query string; an unknown range reads as the default one. */
export const patternFilterSchema = z.object({
  range: z.string().optional().transform(parseRange),
  agent: optionalQuery(z.uuid()),
  category: optionalQuery(z.string().max(100)),
  q: optionalQuery(z.string().max(200)),
});

export const patternIdSchema = z.uuid();

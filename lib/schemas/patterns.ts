import { z } from "zod";
import { parseRange } from "@/lib/domain/ranges";
import { optionalQuery } from "./search-params";

/** The patterns page's query string; an unknown range reads as the default one. */
export const patternFilterSchema = z.object({
  range: z.string().optional().transform(parseRange),
  agent: optionalQuery(z.uuid()),
  category: optionalQuery(z.string().max(100)),
  q: optionalQuery(z.string().max(200)),
  /** One fingerprint across agents. */
  fingerprint: optionalQuery(z.string().regex(/^[0-9a-f]{1,64}$/)),
  /** "fingerprint": one row per fingerprint across agents. */
  by: optionalQuery(z.enum(["fingerprint"])),
  sort: optionalQuery(z.enum(["total", "recent", "new", "agents"])),
  page: optionalQuery(z.coerce.number().int().min(1).max(10_000)),
});

export const patternIdSchema = z.uuid();

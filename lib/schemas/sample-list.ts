import { z } from "zod";
import { SAMPLE_STATUSES } from "@/lib/domain/gates";
import { cursorSchema } from "./pagination";
import { optionalQuery } from "./search-params";

/** The samples list's query string (app/(console)/review/samples). */
export const sampleListQuerySchema = z.object({
  status: optionalQuery(z.enum(SAMPLE_STATUSES)),
  agent: optionalQuery(z.uuid()),
  pattern: optionalQuery(z.uuid()),
  q: optionalQuery(z.string().max(200)),
  cursor: cursorSchema,
});

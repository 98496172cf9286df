import { agentNames } from "@/lib/db/agents";
import { db } from "@/lib/db/client";
import { countSampleRowsByStatus, findSampleDetail, listSampleRows, samplePatterns, type SampleListQuery } from "@/lib/db/sample-list";
import { patternOptions } from "@/lib/domain/pattern-labels";
import { sampleInputSchema } from "@/lib/schemas/review";

export type { SampleListQuery };

/** The samples list: a page, the count per status under the same filters, and the filters' choices. */
export async function findSamples(query: SampleListQuery) {
  const prisma = await db();
  const [page, counts, patterns, agents] = await Promise.all([
    listSampleRows(prisma, query),
    countSampleRowsByStatus(prisma, query),
    samplePatterns(prisma),
    agentNames(prisma),
  ]);
  const options = patternOptions(patterns.map((row) => ({
    id: row.id, fingerprint: row.fingerprint, errorCategory: row.error_category, actionTemplate: row.action_template, errorTemplate: row.error_template, agentName: row.agent_name,
  })));
  return { samples: page.items, nextCursor: page.nextCursor, counts, patterns: options, agents };
}

export async function getSample(id: string) {
  const row = await findSampleDetail(await db(), id);
  if (!row) return null;
  const input = sampleInputSchema.safeParse(row.input);
  return { ...row, input: input.success ? input.data : null };
}

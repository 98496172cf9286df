"use server";

import { revalidatePath } from "next/cache";
import { editKnowledgeSchema, exportPackSchema, importPackSchema, knowledgeSwitchSchema } from "@/lib/schemas/knowledge";
import { action } from "@/lib/server/http/action";
import { editKnowledge, exportKnowledgePack, importKnowledgePack, setKnowledgeEnabled } from "@/lib/server/knowledge";

export const editKnowledgeAction = action("knowledge:manage", editKnowledgeSchema, async (input, ctx) => {
  const result = await editKnowledge(ctx, input);
  revalidatePath("/knowledge");
  return result;
});

export const setKnowledgeEnabledAction = action("knowledge:manage", knowledgeSwitchSchema, async (input, ctx) => {
  const result = await setKnowledgeEnabled(ctx, input);
  revalidatePath("/knowledge");
  return result;
});

/** The pack as text, for the browser to save as a file. */
export const exportPackAction = action("knowledge:manage", exportPackSchema, async (input, ctx) => {
  const { pack, fileName } = await exportKnowledgePack(ctx, input.agentId);
  return { text: JSON.stringify(pack, null, 2), fileName, entries: pack.entries.length };
});

export const importPackAction = action("knowledge:manage", importPackSchema, async (input, ctx) => {
  const result = await importKnowledgePack(ctx, input);
  revalidatePath("/knowledge");
  return result;
});

import { NextResponse } from "next/server";
import { opsPackImportSchema } from "@/lib/schemas/distillation";
import { invalid } from "@/lib/server/errors";
import { parseJsonBody } from "@/lib/server/http/body";
import { agentIdByName } from "@/lib/server/http/ops";
import { route } from "@/lib/server/http/route";
import { exportKnowledgePack, importKnowledgePack } from "@/lib/server/knowledge";

export const dynamic = "force-dynamic";

/** GET ?agent=<name>: the agent's active knowledge as a signed pack. */
export const GET = route({ kind: "token", permission: "knowledge:manage" }, async ({ request, ctx }) => {
  const agent = request.nextUrl.searchParams.get("agent");
  if (!agent) throw invalid("Name the agent: ?agent=<name>.");
  const { pack, fileName } = await exportKnowledgePack(ctx, await agentIdByName(agent));
  return NextResponse.json(pack, { headers: { "content-disposition": `attachment; filename="${fileName}"` } });
});

/** POST {agent, pack}: imports a pack; its entries arrive deactivated, awaiting review. */
export const POST = route({ kind: "token", permission: "knowledge:manage" }, async ({ request, ctx }) => {
  const body = await parseJsonBody(request, opsPackImportSchema, 21 * 1024 * 1024);
  const pack = typeof body.pack === "string" ? body.pack : JSON.stringify(body.pack);
  return NextResponse.json(await importKnowledgePack(ctx, { agentId: await agentIdByName(body.agent), pack }), { status: 201 });
});

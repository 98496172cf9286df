import { db } from "@/lib/db/client";

export async function findUserForSession(email: string) {
  const prisma = await db();
  return prisma.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true, sessionVersion: true } });
}

import NextAuth from "next-auth";
import { authOptions } from "@/lib/server/auth/options";

type Segment = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, segment: Segment) {
  return NextAuth(request as never, { params: await segment.params } as never, await authOptions());
}

export { handler as GET, handler as POST };

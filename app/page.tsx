import { redirect } from "next/navigation";
import { homePage } from "@/lib/domain/roles";
import { requirePage } from "@/lib/server/auth/guard";

export default async function Home() {
  const user = await requirePage(null);
  redirect(`/${homePage(user.role)}`);
}

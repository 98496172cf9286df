"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

/**
 * Renders the server page again every `intervalMs` while something on it is live, so arm
 * counters, gate decisions and status arrive without a reload. Polling stops while the tab
 * is hidden and once nothing is live; the rendered state is the only thing fetched.
 */
export function LiveRefresh({ scope, live, intervalMs = 2_000 }: { scope: string; live: boolean; intervalMs?: number }) {
  const router = useRouter();
  useQuery({
    queryKey: ["rollouts", "refresh", scope],
    queryFn: () => {
      router.refresh();
      return Date.now();
    },
    initialData: 0,
    initialDataUpdatedAt: () => Date.now(),
    enabled: live,
    refetchInterval: live ? intervalMs : false,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: live ? "always" : false,
  });
  return null;
}

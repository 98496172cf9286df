"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/lib/schemas/action-result";

/** How the server refuses a change to a rollout that moved since the page rendered it. */
const STALE = /changed since you loaded it/;

/**
 * Every change names the revision the page rendered. When the server answers that the
 * rollout moved meanwhile, `stale` holds until a reload renders the new revision.
 */
export function useRevisionGuard(revision: number | undefined) {
  const router = useRouter();
  const [staleAt, setStaleAt] = useState<{ revision: number | undefined } | null>(null);

  function guard<I, T>(action: (input: I) => Promise<ActionResult<T>>) {
    return async (input: I): Promise<ActionResult<T>> => {
      const result = await action(input);
      setStaleAt(!result.ok && STALE.test(result.error) ? { revision } : null);
      return result;
    };
  }

  return { guard, stale: staleAt !== null && staleAt.revision === revision, reload: () => router.refresh() };
}

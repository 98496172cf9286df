"use client";

import { useId, useState } from "react";
import type { ActionResult } from "@/lib/schemas/action-result";

/** What a form shows of an action's last failure; `<FormError>` and `<FieldError>` read it. */
export interface ActionErrors {
  /** The last failure's message; null before the first run and after a success. */
  error: string | null;
  /** Messages by field, keyed as the action's schema names them ("name", "filter.minScore"). */
  fieldErrors: Readonly<Record<string, string>>;
  /** The id of the element showing `name`'s message, for aria-describedby. */
  errorId(name: string): string;
}

export interface ErrorState extends ActionErrors {
  /** Shows a failure: the server's, or a problem found before calling it. */
  fail(error: string, fieldErrors?: Readonly<Record<string, string>>): void;
  clear(): void;
  /** Takes back the message of the field named `name`, once it is being corrected. */
  clearField(name: string): void;
  /**
   * aria-invalid and aria-describedby for the control named `name`, and an input handler
   * that takes its message back as soon as the field is edited: no stale error stays.
   */
  control(name: string): { "aria-invalid"?: true; "aria-describedby"?: string; onInput?: () => void };
}

export interface ActionState<I, T> extends ErrorState {
  /** Calls the action; the answer is also returned for callers that chain on it. */
  run(input: I): Promise<ActionResult<T>>;
  pending: boolean;
}

const NONE: Readonly<Record<string, string>> = {};

/** The failure a form shows, for forms whose calls do not go through `useAction` (queries, mutations). */
export function useErrorState(): ErrorState {
  const base = useId();
  const [failure, setFailure] = useState<{ error: string; fieldErrors: Readonly<Record<string, string>> } | null>(null);
  const fieldErrors = failure?.fieldErrors ?? NONE;
  const errorId = (name: string) => `${base}-${name}-error`;
  return {
    error: failure?.error ?? null,
    fieldErrors,
    errorId,
    fail: (error, errors = NONE) => setFailure({ error, fieldErrors: errors }),
    clear: () => setFailure(null),
    clearField,
    control: (name) => (fieldErrors[name] ? { "aria-invalid": true, "aria-describedby": errorId(name), onInput: () => clearField(name) } : {}),
  };

  function clearField(name: string) {
    setFailure((current) => {
      if (!current?.fieldErrors[name]) return current;
      const { [name]: message, ...rest } = current.fieldErrors;
      // The form's own message goes with the last field message, or when it was this field's.
      if (Object.keys(rest).length === 0 || current.error === message) return Object.keys(rest).length ? { error: Object.values(rest)[0], fieldErrors: rest } : null;
      return { error: current.error, fieldErrors: rest };
    });
  }
}

/**
 * Runs a server action (anything answering `ActionResult`) and keeps what a form needs:
 * whether it is running and the last failure, by field. `onSuccess` runs after each success.
 */
export function useAction<I, T>(
  action: (input: I) => Promise<ActionResult<T>>,
  { onSuccess }: { onSuccess?: (data: T, input: I) => void } = {},
): ActionState<I, T> {
  const errors = useErrorState();
  const [pending, setPending] = useState(false);

  async function run(input: I): Promise<ActionResult<T>> {
    setPending(true);
    try {
      const result = await action(input);
      if (result.ok) {
        errors.clear();
        onSuccess?.(result.data, input);
      } else {
        errors.fail(result.error, result.fieldErrors);
      }
      return result;
    } finally {
      setPending(false);
    }
  }

  return { ...errors, run, pending };
}

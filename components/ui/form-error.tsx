import type { ActionErrors } from "./use-action";

/**
 * An action's failure, where the form ends, announced to screen readers. A message one of
 * `fields` already shows beside its control is not said twice.
 */
export function FormError({ state, fields = [] }: { state: Pick<ActionErrors, "error"> & Partial<Pick<ActionErrors, "fieldErrors">>; fields?: readonly string[] }) {
  const { error, fieldErrors = {} } = state;
  if (!error || fields.some((name) => fieldErrors[name] === error)) return null;
  return <div className="alert alert-error" role="alert">{error}</div>;
}

/** The message for one field, the target of that control's aria-describedby (see `ActionState.control`). */
export function FieldError({ state, name }: { state: ActionErrors; name: string }) {
  const message = state.fieldErrors[name];
  if (!message) return null;
  return <span className="field-error" id={state.errorId(name)} role="alert">{message}</span>;
}

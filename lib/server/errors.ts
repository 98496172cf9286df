/** Errors a use-case raises for the caller to see; wrappers map them to statuses. */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 = 400,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new UserError(`${what} was not found.`, 404);
export const conflict = (message: string) => new UserError(message, 409);
export const forbidden = (message = "Your role does not allow this.") => new UserError(message, 403);
export const invalid = (message: string, fieldErrors: Record<string, string> = {}) =>
  new UserError(message, 422, fieldErrors);

"use server";

import { revalidatePath } from "next/cache";
import { changePasswordSchema, changeRoleSchema, inviteUserSchema, resetPasswordSchema, setDisabledSchema } from "@/lib/schemas/users";
import { action, CHANGE_OWN_PASSWORD } from "@/lib/server/http/action";
import { changeOwnPassword, changeUserRole, inviteUser, resetUserPassword, setUserDisabled } from "@/lib/server/users";

export const inviteUserAction = action("users:manage", inviteUserSchema, async (input, ctx) => {
  const { user, temporaryPassword } = await inviteUser(ctx, input);
  revalidatePath("/users");
  return { email: user.email, temporaryPassword };
});

export const changeRoleAction = action("users:manage", changeRoleSchema, async (input, ctx) => {
  const user = await changeUserRole(ctx, input);
  revalidatePath("/users");
  return { email: user.email, role: user.role };
});

export const setDisabledAction = action("users:manage", setDisabledSchema, async (input, ctx) => {
  const user = await setUserDisabled(ctx, input);
  revalidatePath("/users");
  return { email: user.email, disabled: Boolean(user.disabledAt) };
});

export const resetPasswordAction = action("users:manage", resetPasswordSchema, async (input, ctx) => {
  const result = await resetUserPassword(ctx, input.userId);
  revalidatePath("/users");
  return result;
});

export const changeOwnPasswordAction = action(CHANGE_OWN_PASSWORD, changePasswordSchema, async (input, ctx) => {
  const { endedSessions } = await changeOwnPassword(ctx, input, ctx.user.sessionId);
  return { changed: true, endedSessions };
});

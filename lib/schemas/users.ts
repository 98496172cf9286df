import { z } from "zod";
import { ROLES } from "@/lib/domain/roles";
import { formText } from "./text";

export const roleSchema = z.enum(ROLES, { error: "Choose a role: Admin, Operator, Reviewer or Manager." });

export const passwordSchema = z
  .string()
  .min(10, "Passwords need at least 10 characters.")
  .max(200, "Passwords can be at most 200 characters.");

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address."));

export const inviteUserSchema = z.object({
  email: emailSchema,
  name: formText(120, "Names").default(""),
  role: roleSchema,
});

export const changeRoleSchema = z.object({ userId: z.uuid("Unknown user."), role: roleSchema });
export const setDisabledSchema = z.object({ userId: z.uuid("Unknown user."), disabled: z.boolean() });
export const resetPasswordSchema = z.object({ userId: z.uuid("Unknown user.") });

export const changePasswordSchema = z
  .object({ current: z.string().min(1, "Enter your current password."), next: passwordSchema, confirm: z.string() })
  .refine((value) => value.next === value.confirm, { path: ["confirm"], message: "The new passwords do not match." });

export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1, "Enter your password.") });

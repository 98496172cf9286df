import { z } from "zod";
import { formText } from "./text";

export const agentNameSchema = z
  .string()
  .trim()
  .min(2, "Agent names need at least 2 characters.")
  .max(64, "Agent names can be at most 64 characters.")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "Use lowercase letters, digits, dots, dashes and underscores, starting with a letter or digit.");

export const createAgentSchema = z.object({
  name: agentNameSchema,
  description: formText(500, "The description").default(""),
});

export const issueKeySchema = z.object({
  agentId: z.uuid("Unknown agent."),
  label: formText(80, "The label").default(""),
});

export const revokeKeySchema = z.object({
  prefix: z.string().trim().regex(/^rmd_[a-z0-9]{8}$/, "Key prefixes look like rmd_ followed by 8 lowercase letters or digits."),
});

import { z } from "zod";

/** The settings form's changes by key; each value is validated against its own definition in the use-case. */
export const settingsChangesSchema = z.record(z.string(), z.union([z.number(), z.string()]));

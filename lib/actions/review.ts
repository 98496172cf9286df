"use server";

import { z } from "zod";
import { bulkSchema, correctionSchema, decisionSchema, queueFilterSchema } from "@/lib/schemas/review";
import { action } from "@/lib/server/http/action";
import { bulkDecide, claimSamples, decideSample, previewBulk, queueStats } from "@/lib/server/review";
import { addCorrection, trainPrescreen } from "@/lib/server/samples";

export const claimAction = action("samples:decide", queueFilterSchema, (filter, ctx) => claimSamples(ctx, filter));

export const decideAction = action("samples:decide", decisionSchema, (input, ctx) => decideSample(ctx, input));

export const statsAction = action("samples:decide", z.object({}).strict(), (_, ctx) => queueStats(ctx));

export const previewBulkAction = action("samples:decide", queueFilterSchema, (filter, ctx) => previewBulk(ctx, filter));

export const bulkDecideAction = action("samples:decide", bulkSchema, (input, ctx) => bulkDecide(ctx, input));

export const trainPrescreenAction = action("samples:decide", z.object({}).strict(), (_, ctx) => trainPrescreen(ctx));

export const addCorrectionAction = action("samples:decide", correctionSchema, (input, ctx) =>
  addCorrection(ctx, BigInt(input.interactionId), input.correction),
);

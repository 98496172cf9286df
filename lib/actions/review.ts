"use server";

import { z } from "zod";
import { bulkPreviewSchema, bulkSchema, correctionSchema, decisionSchema, queueFilterSchema, undoSchema } from "@/lib/schemas/review";
import { action } from "@/lib/server/http/action";
import { bulkDecide, claimSamples, decideSample, previewBulk, previewBulkSamples, queueStats, undoSample } from "@/lib/server/review";
import { addCorrection, trainPrescreen } from "@/lib/server/samples";

export const claimAction = action("samples:decide", queueFilterSchema, (filter, ctx) => claimSamples(ctx, filter));

export const decideAction = action("samples:decide", decisionSchema, (input, ctx) => decideSample(ctx, input));

export const statsAction = action("samples:decide", z.object({}).strict(), (_, ctx) => queueStats(ctx));

export const previewBulkAction = action("samples:decide", queueFilterSchema, (filter, ctx) => previewBulk(ctx, filter));

export const previewBulkSamplesAction = action("samples:decide", bulkPreviewSchema, (input, ctx) => previewBulkSamples(ctx, input.filter, input.page));

export const undoAction = action("samples:decide", undoSchema, (input, ctx) => undoSample(ctx, input.sampleId));

export const bulkDecideAction = action("samples:decide", bulkSchema, (input, ctx) => bulkDecide(ctx, input));

export const trainPrescreenAction = action("samples:decide", z.object({}).strict(), (_, ctx) => trainPrescreen(ctx));

export const addCorrectionAction = action("samples:decide", correctionSchema, (input, ctx) =>
  addCorrection(ctx, BigInt(input.interactionId), input.correction),
);

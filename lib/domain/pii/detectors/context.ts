import type { PiiFinding, PiiType } from "../types";

/** Findings are collected into one array; detectors only ever append. */
export type FindingSink = PiiFinding[];

export function addFinding(
  out: FindingSink,
  text: string,
  type: PiiType,
  start: number,
  end: number,
  score: number,
  detector: string,
): void {
  out.push({ type, start, end, text: text.slice(start, end), score: Math.max(0, Math.min(1, score)), detector });
}

/**
 * The characters just before a match, lower-cased. Cue words ("phone", "DOB", "身份证")
 * raise a score and id labels ("order #") lower it, so detectors look here, never further:
 * a cue three sentences earlier says nothing about this number.
 */
export function windowBefore(text: string, start: number, size = 32): string {
  return text.slice(Math.max(0, start - size), start).toLowerCase();
}

/**
 * Labels that say the number right after them identifies a thing, not a person:
 * "order #", "invoice no.", "order_id:", "工单号".
 */
export const ID_LABEL_BEFORE =
  /(?:(?<![a-z])(?:order|invoice|inv|ticket|tracking|ref|reference|id|sku|serial|po|transaction|txn|build|case|shipment|parcel)(?:[\s_-]?(?:number|num|no|id))?|订单号?|单号|编号|编码|条码|工单号?|流水号?|会员号|发票号码?|#)[\s:：#=.\-_]*$/;

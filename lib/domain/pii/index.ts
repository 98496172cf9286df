/**
 * The PII firewall: finds personal data in text and JSON and redacts it before anything is
 * stored. Pure and synchronous; the HMAC secret for the `hash` operator is passed in by callers.
 *
 *   const context = createRedactionContext(); // one per record, so placeholders agree
 *   const intent = redactText(item.user_intent, { settings, secret, context });
 *   const response = redactJson(item.api_response, { settings, secret, context });
 *   const report = mergeReports(intent.report, response.report); // counts only, never values
 */
export { PII_OPERATORS, PII_TYPES, type PiiFinding, type PiiOperator, type PiiReport, type PiiType } from "./types";
export {
  defaultPiiSettings,
  piiOperatorSchema,
  piiOperatorsSchema,
  piiSettingsSchema,
  type PiiSettings,
} from "./settings";
export { scanText } from "./scan";
export {
  createRedactionContext,
  emptyReport,
  findResidualPii,
  mergeReports,
  redactFindings,
  redactIdentifier,
  redactText,
  type RedactionContext,
  type RedactOptions,
} from "./redact";
export { redactJson } from "./json";

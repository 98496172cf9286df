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
  redactText,
  type RedactionContext,
  type RedactOptions,
} from "./redact";
export { redactJson } from "./json";

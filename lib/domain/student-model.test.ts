import { describe, expect, it } from "vitest";
import { evaluatePredictions, stratifiedSplit } from "./classifier-metrics";
import { mulberry32 } from "./prescreen";
import { parameterCount, predictStudent, studentFeatures, trainStudent, type FailureContext, type StudentModel, type TrainingExample } from "./student-model";

/**
 * Six corrections, each tied to its own intents, actions and error messages in
 * English and Chinese. Two pairs share an error category, and a fifth of the
 * failures carry no category at all, so the student has to read the text.
 */
interface Scenario {
  correction: string;
  category: string;
  intents: string[];
  actions: string[];
  /** API responses in the shapes agents see: an error field, a nested message, plain text. */
  errors: unknown[];
}

const SCENARIOS: Scenario[] = [
  {
    correction: "Wait for the Retry-After interval, then retry the call once.",
    category: "rate_limit",
    intents: ["check my account balance", "show balance for account", "查询我的账户余额", "帮我看一下余额"],
    actions: ["GET /api/v1/accounts/{account}/balance", "调用外部 API /api/v1/accounts/{account}/balance"],
    errors: [{ error: "429 Too Many Requests" }, { error: { message: "Rate limit exceeded, retry after 30 seconds" } }, "请求过于频繁，请稍后再试"],
  },
  {
    correction: "Refresh the OAuth token, then repeat the request.",
    category: "auth",
    intents: ["list my recent transactions", "download last month's statement", "查看最近的交易记录", "下载上个月的对账单"],
    actions: ["GET /api/v1/accounts/{account}/transactions", "GET /api/v1/statements/{account}?month=3"],
    errors: [{ error: "401 Unauthorized: access token expired" }, { message: "invalid_token" }, { error: "访问令牌已过期" }],
  },
  {
    correction: "Ask the user for the order number before calling the orders API.",
    category: "validation",
    intents: ["where is my parcel", "track my package", "我的快递到哪了", "帮我查物流"],
    actions: ["GET /api/v1/orders/?status=shipped", "POST /api/v1/orders/track {}"],
    errors: [{ detail: "missing required field order_id" }, { error: "参数 order_id 缺失" }],
  },
  {
    correction: "Convert the amount to integer cents before calling /payments.",
    category: "validation",
    intents: ["pay the electricity bill", "send money to my landlord", "缴纳电费", "给房东转账"],
    actions: ["POST /api/v1/payments amount=49.90", "POST /api/v1/payments {amount: 120.5, payee: P-{account}}"],
    errors: [{ error: "amount must be an integer number of cents" }, { error: "金额必须为整数（单位：分）" }],
  },
  {
    correction: "Tell the user the item is out of stock and offer the closest alternative.",
    category: "not_found",
    intents: ["buy the blue running shoes", "add headphones to my cart", "我要买那双蓝色跑鞋", "把耳机加入购物车"],
    actions: ["POST /api/v1/cart/items sku=SKU-{account}", "POST /api/v1/checkout sku=SKU-{account}"],
    errors: [{ error: "SKU not available in warehouse" }, { reason: "库存不足" }, "inventory empty for sku"],
  },
  {
    correction: "Escalate to a human agent: the refund exceeds the automatic limit.",
    category: "not_found",
    intents: ["refund my last order", "I want my money back", "申请退款", "我要退货退钱"],
    actions: ["POST /api/v1/refunds order=ORD-{account} amount=500", "调用退款接口 /api/v1/refunds"],
    errors: [{ error: "refund amount exceeds automatic approval limit" }, { error: "退款金额超出自动审批上限" }],
  },
];

/** Words any user might add to any request; they carry no signal. */
const NOISE = ["please", "now", "urgent", "thanks", "again", "today", "help", "quickly", "请", "谢谢", "马上", "今天", "麻烦"];

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function failures(perCorrection: number, seed: number): TrainingExample[] {
  const random = mulberry32(seed);
  const examples: TrainingExample[] = [];
  for (let n = 0; n < perCorrection; n++) {
    for (const scenario of SCENARIOS) {
      const words = [pick(random, NOISE), pick(random, scenario.intents), pick(random, NOISE)];
      const account = String(1000 + Math.floor(random() * 9000));
      examples.push({
        label: scenario.correction,
        context: {
          user_intent: random() < 0.5 ? words.join(" ") : words.slice(1).join(""),
          agent_action: pick(random, scenario.actions).replaceAll("{account}", account),
          api_response: pick(random, scenario.errors),
          error_category: random() < 0.2 ? null : scenario.category,
        },
      });
    }
  }
  return examples;
}

function holdOutReport(examples: TrainingExample[], model = (train: TrainingExample[]) => trainStudent(train)) {
  const { train, holdOut } = stratifiedSplit(examples, (example) => example.label, 0.25, 3);
  const student = model(train);
  return evaluatePredictions(
    holdOut.map((example) => ({ actual: example.label, ...renamed(predictStudent(student, example.context)) })),
  );
}

function renamed({ correction, confidence }: { correction: string; confidence: number }) {
  return { predicted: correction, confidence };
}

const context = (overrides: Partial<FailureContext> = {}): FailureContext => ({
  user_intent: "check my balance",
  agent_action: "GET /api/v1/accounts/1001/balance",
  api_response: { error: "429 Too Many Requests" },
  error_category: "rate_limit",
  ...overrides,
});

describe("studentFeatures", () => {
  it("is a unit vector of distinct buckets inside the feature space", () => {
    const { index, value } = studentFeatures(context(), 256);
    expect(index.length).toBeGreaterThan(5);
    expect(new Set(index).size).toBe(index.length);
    expect(Array.from(index).every((bucket) => bucket >= 0 && bucket < 256)).toBe(true);
    expect(Math.hypot(...value)).toBeCloseTo(1, 12);
  });

  it("gives failures that differ only in ids the same features", () => {
    expect(studentFeatures(context({ agent_action: "GET /api/v1/accounts/2002/balance" }), 2048)).toEqual(studentFeatures(context(), 2048));
  });

  it("lets Chinese phrasings of the same request share features although they have no spaces", () => {
    const shared = (a: string, b: string) => {
      const left = new Set(studentFeatures(context({ user_intent: a, agent_action: "", api_response: null, error_category: null }), 1 << 20).index);
      return Array.from(studentFeatures(context({ user_intent: b, agent_action: "", api_response: null, error_category: null }), 1 << 20).index).filter((bucket) => left.has(bucket)).length;
    };
    expect(shared("查询我的账户余额", "帮我看一下余额")).toBeGreaterThan(0);
    expect(shared("查询我的账户余额", "申请退款")).toBe(0);
  });

  it("refuses a feature space that is not a power of two", () => {
    expect(() => studentFeatures(context(), 1000)).toThrow(/power of two/);
  });
});

describe("trainStudent", () => {
  const examples = failures(60, 11);

  it("learns which correction fits a failure: at least 95% on held-out failures", () => {
    const report = holdOutReport(examples);
    expect(report.count).toBeGreaterThanOrEqual(80);
    expect(report.labels).toHaveLength(SCENARIOS.length);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.95);
  });

  it("does no better than chance when the corrections are shuffled across failures", () => {
    const labels = examples.map((example) => example.label);
    const random = mulberry32(5);
    for (let i = labels.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [labels[i], labels[j]] = [labels[j], labels[i]];
    }
    const report = holdOutReport(examples.map((example, i) => ({ ...example, label: labels[i] })));
    expect(report.accuracy).toBeLessThan(1 / SCENARIOS.length + 0.15);
  });

  it("gives the same model for the same examples and seed, and another for another seed", () => {
    const first = JSON.stringify(trainStudent(examples, { seed: 7 }));
    expect(JSON.stringify(trainStudent(examples, { seed: 7 }))).toBe(first);
    expect(JSON.stringify(trainStudent(examples, { seed: 8 }))).not.toBe(first);
  });

  it("stores sorted corrections, one row of weights per correction and rounded weights", () => {
    const model = trainStudent(examples, { dimensions: 512, epochs: 5 });
    expect(model.classes).toEqual(SCENARIOS.map((scenario) => scenario.correction).sort());
    expect(model.weights).toHaveLength(SCENARIOS.length * 512);
    expect(parameterCount(model)).toBe(SCENARIOS.length * 512 + SCENARIOS.length);
    expect(model.weights.every((weight) => Number(weight.toPrecision(6)) === weight)).toBe(true);
  });

  it("refuses to train without a choice to make", () => {
    expect(() => trainStudent([])).toThrow("Cannot train the student: there are no approved corrections to learn from.");
    const one = examples.filter((example) => example.label === SCENARIOS[0].correction);
    expect(() => trainStudent(one)).toThrow(/needs at least 2 distinct corrections/);
  });

  it("refuses options that cannot train", () => {
    expect(() => trainStudent(examples, { dimensions: 3000 })).toThrow(/power of two/);
    expect(() => trainStudent(examples, { epochs: 0 })).toThrow(/epochs/);
    expect(() => trainStudent(examples, { learningRate: -1 })).toThrow(/learning rate/);
  });
});

describe("predictStudent", () => {
  const model = trainStudent(failures(40, 13));
  const unseen = failures(10, 17);

  it("answers with a correction it was trained on and a confidence in (0, 1]", () => {
    for (const { context: failure } of unseen) {
      const { correction, confidence } = predictStudent(model, failure);
      expect(model.classes).toContain(correction);
      expect(confidence).toBeGreaterThan(0);
      expect(confidence).toBeLessThanOrEqual(1);
      // The chosen correction is the most likely of all, so never below an even split.
      expect(confidence).toBeGreaterThanOrEqual(1 / model.classes.length);
    }
  });

  it("predicts the same after the model is stored as JSON and read back", () => {
    const stored = JSON.parse(JSON.stringify(model)) as StudentModel;
    for (const { context: failure } of unseen) expect(predictStudent(stored, failure)).toEqual(predictStudent(model, failure));
  });

  it("refuses a model whose size does not match its corrections", () => {
    expect(() => predictStudent({ ...model, weights: model.weights.slice(1) }, unseen[0].context)).toThrow(/retrain it/);
  });
});

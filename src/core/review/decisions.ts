// The land bureau's decisions on idle land, with an append-only audit trail (闲置土地处置办法 第十二条、第十四条).
// Plain frozen data: it travels in the project file and IndexedDB, and no API edits or deletes an audit entry.
import { readDate, todayIso, type IsoDate } from '../dates';
import type { IdleResult } from '../rules/idle';
import { problem, type Problem } from '../schema/problems';
import type { Locale } from '../units';

/** 征缴闲置费 / 无偿收回 / 协议处置 / 认定不闲置. */
export type DecisionKind = 'fee_notice' | 'reclaim' | 'negotiate' | 'not_idle';
export const DECISION_KINDS: readonly DecisionKind[] = ['fee_notice', 'reclaim', 'negotiate', 'not_idle'];

/** 第十二条 ways of a negotiated disposal: 延长动工开发期限, 调整土地用途, 置换土地, 协议有偿收回. */
export type NegotiationType = 'extend_start' | 'change_use' | 'replace_land' | 'buy_back';
export const NEGOTIATION_TYPES: readonly NegotiationType[] = ['extend_start', 'change_use', 'replace_land', 'buy_back'];

export const DECISION_LABELS: Record<Locale, Record<DecisionKind, string>> = {
  zh: { fee_notice: '征缴闲置费', reclaim: '无偿收回', negotiate: '协议处置', not_idle: '认定不闲置' },
  en: { fee_notice: 'Idle-land fee notice', reclaim: 'Reclaim without compensation', negotiate: 'Negotiated disposal', not_idle: 'Not idle' },
};
export const NEGOTIATION_LABELS: Record<Locale, Record<NegotiationType, string>> = {
  zh: { extend_start: '延长动工开发期限', change_use: '调整土地用途、规划条件', replace_land: '置换土地', buy_back: '协议有偿收回' },
  en: { extend_start: 'Extend the start date', change_use: 'Change use or planning conditions', replace_land: 'Replacement land', buy_back: 'Government buy-back' },
};

export interface Decision {
  parcelId: string;
  kind: DecisionKind;
  /** Only for `negotiate`, else null. */
  negotiation: NegotiationType | null;
  /** Why the parcel is not idle: only for `not_idle`, else null. */
  reason: string | null;
  /** Date of the decision (ISO). */
  date: IsoDate;
  /** 文号, '' when none yet. */
  reference: string;
  reviewer: string;
  note: string;
  /** When it was recorded (ISO 8601 instant). */
  recordedAt: string;
}

export interface AuditEntry {
  /** 1, 2, 3 … in the order entries were appended. */
  seq: number;
  who: string;
  /** ISO 8601 instant. */
  when: string;
  parcelId: string;
  before: Decision | null;
  after: Decision;
}

export interface DecisionState {
  version: 1;
  /** The decision in force per parcel, sorted by parcel id; always the last audit entry's `after` for that parcel. */
  decisions: readonly Decision[];
  /** Append-only. */
  audit: readonly AuditEntry[];
}

export const DECISIONS_FORMAT = 'park-atlas.review-decisions';
export const DECISIONS_VERSION = 1;

export const EMPTY_DECISIONS: DecisionState = Object.freeze({ version: 1, decisions: Object.freeze([]), audit: Object.freeze([]) }) as DecisionState;

/** What a reviewer enters; the reviewer's name and the time come from the session (`RecordContext`). */
export interface DecisionInput {
  parcelId: string;
  kind: DecisionKind;
  negotiation?: NegotiationType | null;
  reason?: string | null;
  date: IsoDate;
  reference?: string;
  note?: string;
}

export interface RecordContext {
  now: Date | string;
  reviewer: string;
  /** evaluate()'s finding for the parcel, to warn when a decision does not follow from it. */
  idle?: IdleResult | null;
  /** Whether the parcel is in the loaded layers; false warns. */
  parcelKnown?: boolean;
}

export interface DecisionProblem {
  severity: 'error' | 'warning';
  code: string;
  field?: keyof DecisionInput | 'reviewer' | 'now';
  message: { zh: string; en: string };
}

export type RecordResult =
  | { ok: true; state: DecisionState; decision: Decision; warnings: DecisionProblem[] }
  | { ok: false; problems: DecisionProblem[] };

export const LIMITS = { parcelId: 200, reference: 200, reviewer: 100, reason: 2000, note: 4000 } as const;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function err(code: string, field: DecisionProblem['field'], en: string, zh: string): DecisionProblem {
  return { severity: 'error', code, field, message: { en, zh } };
}
function warn(code: string, field: DecisionProblem['field'], en: string, zh: string): DecisionProblem {
  return { severity: 'warning', code, field, message: { en, zh } };
}

function isRealIsoDate(v: unknown): v is IsoDate {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const r = readDate(v);
  return r.status === 'ok' && r.date === v;
}

function instantOf(now: Date | string): Date | null {
  const d = typeof now === 'string' ? new Date(now) : now;
  return d instanceof Date && Number.isFinite(d.getTime()) ? d : null;
}

function textProblem(value: unknown, field: 'parcelId' | 'reference' | 'reviewer' | 'reason' | 'note', required: boolean, zhName: string): DecisionProblem | null {
  if (value === undefined || value === null || value === '') {
    return required ? err(`${field}-missing`, field, `${field} is required`, `${zhName}不能为空`) : null;
  }
  if (typeof value !== 'string') return err(`${field}-type`, field, `${field} must be text`, `${zhName}应为文本`);
  if (required && value.trim() === '') return err(`${field}-missing`, field, `${field} is required`, `${zhName}不能为空`);
  if (value.length > LIMITS[field]) return err(`${field}-length`, field, `${field} is longer than ${LIMITS[field]} characters`, `${zhName}超过 ${LIMITS[field]} 个字符`);
  return null;
}

/** Checks one decision as entered: errors stop it, warnings are shown and recorded with it. */
export function validateDecision(input: unknown, context: RecordContext): DecisionProblem[] {
  const out: DecisionProblem[] = [];
  const push = (p: DecisionProblem | null) => { if (p) out.push(p); };
  if (!isObject(input)) return [err('input-type', undefined, 'a decision must be an object', '处置决定格式错误')];
  const now = instantOf(context.now);
  if (!now) out.push(err('now-invalid', 'now', 'the current time is not a valid date', '当前时间无效'));
  push(textProblem(context.reviewer, 'reviewer', true, '审核人'));
  push(textProblem(input.parcelId, 'parcelId', true, '宗地编号'));
  const kind = input.kind as DecisionKind;
  if (!DECISION_KINDS.includes(kind)) {
    out.push(err('kind-invalid', 'kind', `kind must be one of ${DECISION_KINDS.join(', ')}, found ${JSON.stringify(input.kind)}`, `处置决定须为 ${DECISION_KINDS.map((k) => DECISION_LABELS.zh[k]).join('、')} 之一`));
  }
  const negotiation = input.negotiation ?? null;
  if (kind === 'negotiate') {
    if (negotiation === null) out.push(err('negotiation-missing', 'negotiation', 'a negotiated disposal needs its type: extend_start, change_use, replace_land or buy_back', '协议处置须选择处置方式：延长动工开发期限、调整土地用途、置换土地或协议有偿收回'));
    else if (!NEGOTIATION_TYPES.includes(negotiation as NegotiationType)) out.push(err('negotiation-invalid', 'negotiation', `negotiation must be one of ${NEGOTIATION_TYPES.join(', ')}, found ${JSON.stringify(negotiation)}`, `协议处置方式须为 ${NEGOTIATION_TYPES.map((n) => NEGOTIATION_LABELS.zh[n]).join('、')} 之一`));
  } else if (negotiation !== null && DECISION_KINDS.includes(kind)) {
    out.push(err('negotiation-not-allowed', 'negotiation', 'only a negotiated disposal has a negotiation type', '只有协议处置才有处置方式'));
  }
  const reason = input.reason ?? null;
  if (kind === 'not_idle') push(textProblem(reason, 'reason', true, '不闲置的理由'));
  else if (reason !== null && reason !== '' && DECISION_KINDS.includes(kind)) out.push(err('reason-not-allowed', 'reason', 'only a not-idle decision has a reason; use the note', '只有认定不闲置才填写理由，其他说明请写在备注中'));
  if (!isRealIsoDate(input.date)) {
    out.push(err('date-invalid', 'date', `date must be a real date as YYYY-MM-DD, found ${JSON.stringify(input.date)}`, `决定日期须为有效日期（YYYY-MM-DD），实为 ${JSON.stringify(input.date)}`));
  } else if (now && input.date > todayIso(now)) {
    out.push(err('date-future', 'date', `the decision date ${input.date} is after today`, `决定日期 ${input.date} 晚于今天`));
  }
  push(textProblem(input.reference, 'reference', false, '文号'));
  push(textProblem(input.note, 'note', false, '备注'));
  if (context.parcelKnown === false) out.push(warn('parcel-unknown', 'parcelId', `parcel ${JSON.stringify(input.parcelId)} is not in the loaded layers`, `宗地 ${JSON.stringify(input.parcelId)} 不在已加载的图层中`));
  if (context.idle && DECISION_KINDS.includes(kind)) out.push(...consistencyWarnings(kind, context.idle));
  return out;
}

/** A decision that does not follow from the finding is allowed (the bureau knows more), but said. */
function consistencyWarnings(kind: DecisionKind, idle: IdleResult): DecisionProblem[] {
  const out: DecisionProblem[] = [];
  if (idle.isIdle === null) {
    if (kind !== 'not_idle') out.push(warn('finding-unknown', 'kind', 'the data cannot determine whether this parcel is idle; record the facts in the note', '数据不足以判定该宗地是否闲置，请在备注中写明认定事实'));
    return out;
  }
  if (!idle.isIdle) {
    if (kind !== 'not_idle') out.push(warn('finding-not-idle', 'kind', 'by the data this parcel is not idle at the review date', '按现有数据，该宗地在审查基准日不构成闲置'));
    return out;
  }
  if (kind === 'not_idle') {
    out.push(warn('finding-idle', 'kind', 'by the data this parcel is idle (第二条); the reason should say why not', '按现有数据该宗地构成闲置（第二条），理由中应说明不认定的依据'));
  } else if (idle.disposal === 'negotiate' && kind !== 'negotiate') {
    out.push(warn('government-cause', 'kind', 'the delay is recorded as the government\'s: 第八条 calls for a negotiated disposal, not a fee or reclaim', '已记录为政府原因造成闲置：依第八条应协议处置，不征缴闲置费、不无偿收回'));
  } else if (kind === 'reclaim' && (idle.idleYears ?? 0) < 2) {
    out.push(warn('reclaim-too-early', 'kind', `idle ${idle.idleYears} whole year(s): 第十四条(二) reclaims after two full years (from ${idle.reclaimOn})`, `闲置 ${idle.idleYears} 整年：第十四条（二）须满两年（${idle.reclaimOn} 起）方可无偿收回`));
  } else if (kind === 'fee_notice' && idle.disposal === 'reclaim') {
    out.push(warn('fee-after-two-years', 'kind', 'idle two full years or more: 第十四条(二) calls for reclaim', '已闲置满两年：依第十四条（二）应无偿收回'));
  } else if (kind === 'negotiate' && idle.disposal !== 'negotiate') {
    out.push(warn('negotiate-not-government', 'kind', 'a negotiated disposal (第十二条) is for delays caused by the government (第八条); the data does not record one', '协议处置（第十二条）适用于政府原因造成的闲置（第八条），数据中未记录政府原因'));
  }
  return out;
}

function freezeDecision(d: Decision): Decision {
  return Object.freeze({ ...d });
}

function byParcelId(a: Decision, b: Decision): number {
  return a.parcelId < b.parcelId ? -1 : a.parcelId > b.parcelId ? 1 : 0;
}

/**
 * Records a decision: returns a new state whose current decision for the parcel is this one and whose audit trail
 * has one more entry {who, when, parcelId, before, after}. The old state is not touched.
 */
export function recordDecision(state: DecisionState, input: DecisionInput, context: RecordContext): RecordResult {
  const problems = validateDecision(input, context);
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems };
  const when = (instantOf(context.now) as Date).toISOString();
  const reviewer = context.reviewer.trim();
  const decision = freezeDecision({
    parcelId: input.parcelId,
    kind: input.kind,
    negotiation: input.kind === 'negotiate' ? (input.negotiation as NegotiationType) : null,
    reason: input.kind === 'not_idle' ? (input.reason as string).trim() : null,
    date: input.date,
    reference: (input.reference ?? '').trim(),
    reviewer,
    note: input.note ?? '',
    recordedAt: when,
  });
  const before = decisionFor(state, input.parcelId);
  const entry: AuditEntry = Object.freeze({ seq: state.audit.length + 1, who: reviewer, when, parcelId: input.parcelId, before, after: decision });
  const decisions = state.decisions.filter((d) => d.parcelId !== input.parcelId);
  decisions.push(decision);
  decisions.sort(byParcelId);
  const next: DecisionState = Object.freeze({ version: 1, decisions: Object.freeze(decisions), audit: Object.freeze([...state.audit, entry]) });
  return { ok: true, state: next, decision, warnings: problems };
}

const indexes = new WeakMap<readonly Decision[], Map<string, Decision>>();

/** The decisions in force by parcel id (built once per state). */
export function decisionIndex(state: DecisionState): ReadonlyMap<string, Decision> {
  let index = indexes.get(state.decisions);
  if (!index) {
    index = new Map(state.decisions.map((d) => [d.parcelId, d]));
    indexes.set(state.decisions, index);
  }
  return index;
}

export function decisionFor(state: DecisionState, parcelId: string): Decision | null {
  return decisionIndex(state).get(parcelId) ?? null;
}

/** Every audit entry of one parcel, oldest first. */
export function historyOf(state: DecisionState, parcelId: string): AuditEntry[] {
  return state.audit.filter((e) => e.parcelId === parcelId);
}

/** The JSON form (for the project file): the state with a format name and version. */
export function decisionsToJson(state: DecisionState): { format: string; version: number; decisions: readonly Decision[]; audit: readonly AuditEntry[] } {
  return { format: DECISIONS_FORMAT, version: DECISIONS_VERSION, decisions: state.decisions, audit: state.audit };
}

export interface DecisionsReading {
  /** null when the whole document is unusable; otherwise every entry that could be read. */
  state: DecisionState | null;
  problems: Problem[];
}

/** Reads one stored decision, or returns why it cannot be used. */
function readDecision(v: unknown): { ok: true; value: Decision } | { ok: false; en: string; zh: string } {
  if (!isObject(v)) return { ok: false, en: 'is not an object', zh: '格式错误' };
  const text = (k: string, max: number, required: boolean) => {
    const x = v[k];
    if (x === undefined && !required) return true;
    return typeof x === 'string' && !(required && x.trim() === '') && x.length <= max;
  };
  if (!text('parcelId', LIMITS.parcelId, true)) return { ok: false, en: 'parcelId is missing or not text', zh: '宗地编号缺失或不是文本' };
  if (!DECISION_KINDS.includes(v.kind as DecisionKind)) return { ok: false, en: `kind ${JSON.stringify(v.kind)} is not one of ${DECISION_KINDS.join(', ')}`, zh: `处置决定 ${JSON.stringify(v.kind)} 无效` };
  const negotiation = v.negotiation ?? null;
  if (v.kind === 'negotiate' ? !NEGOTIATION_TYPES.includes(negotiation as NegotiationType) : negotiation !== null) {
    return { ok: false, en: `negotiation ${JSON.stringify(negotiation)} does not fit kind ${v.kind}`, zh: `协议处置方式 ${JSON.stringify(negotiation)} 与处置决定不符` };
  }
  const reason = v.reason ?? null;
  if (v.kind === 'not_idle' ? !text('reason', LIMITS.reason, true) : reason !== null) {
    return { ok: false, en: 'reason must be given for not_idle and only for it', zh: '仅认定不闲置须填写理由' };
  }
  if (!isRealIsoDate(v.date)) return { ok: false, en: `date ${JSON.stringify(v.date)} is not a real YYYY-MM-DD date`, zh: `决定日期 ${JSON.stringify(v.date)} 无效` };
  if (!text('reference', LIMITS.reference, false)) return { ok: false, en: 'reference is not text', zh: '文号不是文本' };
  if (!text('reviewer', LIMITS.reviewer, true)) return { ok: false, en: 'reviewer is missing or not text', zh: '审核人缺失或不是文本' };
  if (!text('note', LIMITS.note, false)) return { ok: false, en: 'note is not text', zh: '备注不是文本' };
  if (typeof v.recordedAt !== 'string' || !ISO_INSTANT.test(v.recordedAt)) return { ok: false, en: `recordedAt ${JSON.stringify(v.recordedAt)} is not an ISO 8601 time`, zh: '记录时间无效' };
  // Copy the known fields only: anything else in an untrusted file is dropped, never passed on.
  return {
    ok: true,
    value: freezeDecision({
      parcelId: v.parcelId as string, kind: v.kind as DecisionKind, negotiation: negotiation as NegotiationType | null,
      reason: reason as string | null, date: v.date as IsoDate, reference: (v.reference as string | undefined) ?? '', reviewer: v.reviewer as string,
      note: (v.note as string | undefined) ?? '', recordedAt: v.recordedAt as string,
    }),
  };
}

const sameDecision = (a: Decision | null, b: Decision | null) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Reads decisions from untrusted JSON (a project file from anywhere). Never throws: every entry that cannot be
 * used is reported with its position. The audit trail is the authority; the file's `decisions` list is checked against it.
 */
export function readDecisions(json: unknown, file: string): DecisionsReading {
  const problems: Problem[] = [];
  const error = (en: string, zh: string, where: { featureId?: string; featureIndex?: number; field?: string } = {}) => problems.push(problem('error', 'decisions', { file, ...where }, en, zh));
  const warning = (en: string, zh: string, where: { featureId?: string; featureIndex?: number; field?: string } = {}) => problems.push(problem('warning', 'decisions', { file, ...where }, en, zh));
  if (!isObject(json)) { error('is not a decisions document (expected a JSON object)', '不是处置决定文件（应为 JSON 对象）'); return { state: null, problems }; }
  if (json.format !== undefined && json.format !== DECISIONS_FORMAT) { error(`format is ${JSON.stringify(json.format)}, expected "${DECISIONS_FORMAT}"`, `文件格式为 ${JSON.stringify(json.format)}，应为 "${DECISIONS_FORMAT}"`, { field: 'format' }); return { state: null, problems }; }
  if (json.version !== DECISIONS_VERSION) {
    const newer = typeof json.version === 'number' && json.version > DECISIONS_VERSION;
    error(newer ? `version ${json.version} was written by a newer Park Atlas; this one reads version ${DECISIONS_VERSION}` : `version must be ${DECISIONS_VERSION}, found ${JSON.stringify(json.version)}`,
      newer ? `版本 ${json.version} 由更新的程序写出，本程序只能读取版本 ${DECISIONS_VERSION}` : `版本应为 ${DECISIONS_VERSION}，实为 ${JSON.stringify(json.version)}`, { field: 'version' });
    return { state: null, problems };
  }
  if (!Array.isArray(json.audit)) { error('audit must be a list of entries', 'audit 应为审计记录列表', { field: 'audit' }); return { state: null, problems }; }

  const audit: AuditEntry[] = [];
  const current = new Map<string, Decision>();
  json.audit.forEach((raw: unknown, i: number) => {
    const where = { featureIndex: i, field: 'audit' };
    if (!isObject(raw)) { error(`audit entry ${i + 1} is not an object; skipped`, `第 ${i + 1} 条审计记录格式错误，已跳过`, where); return; }
    const id = typeof raw.parcelId === 'string' ? raw.parcelId : undefined;
    const at = { ...where, featureId: id };
    const after = readDecision(raw.after);
    const before = raw.before === null ? null : readDecision(raw.before);
    const bad = (en: string, zh: string) => error(`audit entry ${i + 1}: ${en}; skipped`, `第 ${i + 1} 条审计记录：${zh}，已跳过`, at);
    if (id === undefined || id.trim() === '') return bad('parcelId is missing', '缺少宗地编号');
    if (typeof raw.who !== 'string' || raw.who.trim() === '' || raw.who.length > LIMITS.reviewer) return bad('who is missing', '缺少审核人');
    if (typeof raw.when !== 'string' || !ISO_INSTANT.test(raw.when)) return bad(`when ${JSON.stringify(raw.when)} is not an ISO 8601 time`, '时间无效');
    if (!after.ok) return bad(`after ${after.en}`, `变更后的决定${after.zh}`);
    if (before !== null && !before.ok) return bad(`before ${before.en}`, `变更前的决定${before.zh}`);
    if (after.value.parcelId !== id || (before && before.value.parcelId !== id)) return bad('its decisions belong to another parcel', '决定所属宗地与记录不符');
    const previous = current.get(id) ?? null;
    const beforeValue = before ? before.value : null;
    if (!sameDecision(previous, beforeValue)) {
      warning(`audit entry ${i + 1}: "before" differs from the parcel's previous decision; the trail may have been edited`, `第 ${i + 1} 条审计记录的"变更前"与该宗地上一条决定不一致，记录可能被改动`, at);
    }
    if (raw.seq !== audit.length + 1) {
      warning(`audit entry ${i + 1} is numbered ${JSON.stringify(raw.seq)}; entries are renumbered in order`, `第 ${i + 1} 条审计记录编号为 ${JSON.stringify(raw.seq)}，已按顺序重新编号`, at);
    }
    audit.push(Object.freeze({ seq: audit.length + 1, who: raw.who, when: raw.when, parcelId: id, before: beforeValue, after: after.value }));
    current.set(id, after.value);
  });

  if (json.decisions !== undefined) {
    if (!Array.isArray(json.decisions)) {
      warning('decisions is not a list; the decisions in force are taken from the audit trail', 'decisions 不是列表，现行决定按审计记录确定', { field: 'decisions' });
    } else {
      const listed = new Set<string>();
      json.decisions.forEach((raw: unknown, i: number) => {
        const d = readDecision(raw);
        const id = isObject(raw) && typeof raw.parcelId === 'string' ? raw.parcelId : undefined;
        const where = { featureIndex: i, featureId: id, field: 'decisions' };
        if (!d.ok) { error(`decision ${i + 1} ${d.en}; the audit trail is used`, `第 ${i + 1} 条现行决定${d.zh}，以审计记录为准`, where); return; }
        listed.add(d.value.parcelId);
        const fromAudit = current.get(d.value.parcelId);
        if (!fromAudit) {
          error(`decision for ${d.value.parcelId} (${d.value.kind}, ${d.value.date}, ${JSON.stringify(d.value.reference)}) has no audit entry and is not loaded`, `宗地 ${d.value.parcelId} 的决定（${DECISION_LABELS.zh[d.value.kind]}，${d.value.date}，文号 ${JSON.stringify(d.value.reference)}）没有审计记录，未载入`, where);
        } else if (!sameDecision(fromAudit, d.value)) {
          warning(`decision for ${d.value.parcelId} differs from its last audit entry; the audit trail is used`, `宗地 ${d.value.parcelId} 的现行决定与其最后一条审计记录不一致，以审计记录为准`, where);
        }
      });
      for (const id of current.keys()) {
        if (!listed.has(id)) warning(`parcel ${id} has audit entries but no decision in the list; its last audit entry is used`, `宗地 ${id} 有审计记录但现行决定列表中没有，以最后一条审计记录为准`, { featureId: id, field: 'decisions' });
      }
    }
  }
  const decisions = [...current.values()].sort(byParcelId);
  return { state: Object.freeze({ version: 1, decisions: Object.freeze(decisions), audit: Object.freeze(audit) }), problems };
}

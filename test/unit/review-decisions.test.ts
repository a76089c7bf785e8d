// Decisions of the land bureau: validation (zh/en), the append-only audit trail, JSON round trip, untrusted input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as decisionsModule from '../../src/core/review/decisions';
import {
  decisionFor, decisionsToJson, EMPTY_DECISIONS, historyOf, readDecisions, recordDecision, validateDecision,
  type DecisionInput, type DecisionState, type RecordContext,
} from '../../src/core/review/decisions';
import type { IdleResult } from '../../src/core/rules/idle';

const ctx = (over: Partial<RecordContext> = {}): RecordContext => ({ now: '2026-07-03T02:30:00.000Z', reviewer: '王工', ...over });
const fee: DecisionInput = { parcelId: 'RH-027', kind: 'fee_notice', date: '2026-07-02', reference: '汝自然资闲〔2026〕3号', note: '首次通知' };

function record(state: DecisionState, input: DecisionInput, c: RecordContext = ctx()): DecisionState {
  const r = recordDecision(state, input, c);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.state;
}

const codes = (input: unknown, c: RecordContext = ctx()) => validateDecision(input, c).map((p) => p.code);

describe('recording decisions', () => {
  it('returns a new state with the decision and one audit entry; the old state is untouched', () => {
    const r = recordDecision(EMPTY_DECISIONS, fee, ctx());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    expect(r.decision).toEqual({
      parcelId: 'RH-027', kind: 'fee_notice', negotiation: null, reason: null, date: '2026-07-02', reference: '汝自然资闲〔2026〕3号',
      reviewer: '王工', note: '首次通知', recordedAt: '2026-07-03T02:30:00.000Z',
    });
    expect(r.state.decisions).toEqual([r.decision]);
    expect(r.state.audit).toEqual([{ seq: 1, who: '王工', when: '2026-07-03T02:30:00.000Z', parcelId: 'RH-027', before: null, after: r.decision }]);
    expect(EMPTY_DECISIONS.decisions).toEqual([]);
    expect(EMPTY_DECISIONS.audit).toEqual([]);
    expect(decisionFor(r.state, 'RH-027')).toBe(r.decision);
    expect(decisionFor(r.state, 'RH-001')).toBeNull();
  });

  it('changing a decision appends an entry and never rewrites the earlier ones', () => {
    const s1 = record(EMPTY_DECISIONS, fee);
    const first = s1.audit[0];
    const snapshot = JSON.parse(JSON.stringify(s1.audit));
    const s2 = record(s1, { parcelId: 'RH-027', kind: 'negotiate', negotiation: 'extend_start', date: '2026-07-05', reference: '汝自然资协〔2026〕1号' }, ctx({ now: '2026-07-05T01:00:00Z', reviewer: '李科长' }));
    const s3 = record(s2, { parcelId: 'RH-136', kind: 'reclaim', date: '2026-07-05' }, ctx({ now: '2026-07-05T02:00:00Z' }));
    expect(s3.audit).toHaveLength(3);
    expect(s3.audit[0]).toBe(first); // the same entry, not a copy that could differ
    expect(JSON.parse(JSON.stringify(s3.audit.slice(0, 1)))).toEqual(snapshot);
    expect(JSON.parse(JSON.stringify(s1.audit))).toEqual(snapshot); // the earlier state still says what it said
    expect(s3.audit[1]).toMatchObject({ seq: 2, who: '李科长', when: '2026-07-05T01:00:00.000Z', parcelId: 'RH-027', before: first.after, after: { kind: 'negotiate', negotiation: 'extend_start' } });
    expect(s3.audit.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(s3.decisions.map((d) => [d.parcelId, d.kind])).toEqual([['RH-027', 'negotiate'], ['RH-136', 'reclaim']]);
    expect(historyOf(s3, 'RH-027').map((e) => e.after.kind)).toEqual(['fee_notice', 'negotiate']);
  });

  it('offers no way to edit or delete an entry: the trail is frozen and the module exports no such function', () => {
    const s = record(EMPTY_DECISIONS, fee);
    expect(() => (s.audit as unknown[]).push({})).toThrow(TypeError);
    expect(() => (s.audit as unknown[]).splice(0, 1)).toThrow(TypeError);
    expect(() => { (s.audit[0] as { who: string }).who = 'someone else'; }).toThrow(TypeError);
    expect(() => { (s.audit[0].after as { kind: string }).kind = 'reclaim'; }).toThrow(TypeError);
    const functions = Object.entries(decisionsModule).filter(([, v]) => typeof v === 'function').map(([k]) => k).sort();
    expect(functions).toEqual(['decisionFor', 'decisionIndex', 'decisionsToJson', 'historyOf', 'readDecisions', 'recordDecision', 'validateDecision']);
  });

  it('records each kind with its own fields: negotiation type for negotiate, reason for not_idle', () => {
    const s = record(EMPTY_DECISIONS, { parcelId: 'RH-175', kind: 'negotiate', negotiation: 'buy_back', date: '2026-07-01' });
    expect(s.decisions[0]).toMatchObject({ negotiation: 'buy_back', reason: null, reference: '', note: '' });
    const t = record(s, { parcelId: 'RH-046', kind: 'not_idle', reason: '  现场核查已开发 60%  ', date: '2026-07-01' });
    expect(decisionFor(t, 'RH-046')).toMatchObject({ kind: 'not_idle', reason: '现场核查已开发 60%', negotiation: null });
  });
});

describe('validation, with messages in both languages', () => {
  it('refuses a decision with errors and says why, in Chinese and English', () => {
    const r = recordDecision(EMPTY_DECISIONS, { parcelId: 'RH-175', kind: 'negotiate', date: '2026-07-01' }, ctx());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{
      severity: 'error', code: 'negotiation-missing', field: 'negotiation',
      message: {
        en: 'a negotiated disposal needs its type: extend_start, change_use, replace_land or buy_back',
        zh: '协议处置须选择处置方式：延长动工开发期限、调整土地用途、置换土地或协议有偿收回',
      },
    }]);
  });

  it('checks every field', () => {
    expect(codes({ ...fee, kind: 'demolish' })).toEqual(['kind-invalid']);
    expect(codes({ ...fee, kind: 'negotiate', negotiation: 'bribe' })).toEqual(['negotiation-invalid']);
    expect(codes({ ...fee, negotiation: 'extend_start' })).toEqual(['negotiation-not-allowed']);
    expect(codes({ ...fee, kind: 'not_idle' })).toEqual(['reason-missing']);
    expect(codes({ ...fee, kind: 'not_idle', reason: '   ' })).toEqual(['reason-missing']);
    expect(codes({ ...fee, reason: '因为' })).toEqual(['reason-not-allowed']);
    expect(codes({ ...fee, date: '2026-02-30' })).toEqual(['date-invalid']);
    expect(codes({ ...fee, date: '2026/07/01' })).toEqual(['date-invalid']);
    expect(codes({ ...fee, date: '2026-07-04' })).toEqual(['date-future']);
    expect(codes({ ...fee, parcelId: '' })).toEqual(['parcelId-missing']);
    expect(codes({ ...fee, reference: 42 })).toEqual(['reference-type']);
    expect(codes({ ...fee, note: 'x'.repeat(4001) })).toEqual(['note-length']);
    expect(codes(fee, ctx({ reviewer: ' ' }))).toEqual(['reviewer-missing']);
    expect(codes(fee, ctx({ now: 'yesterday' }))).toEqual(['now-invalid']);
    expect(codes('fee')).toEqual(['input-type']);
    const p = validateDecision({ ...fee, date: '2026-02-30' }, ctx())[0];
    expect(p.message.zh).toBe('决定日期须为有效日期（YYYY-MM-DD），实为 "2026-02-30"');
    expect(p.message.en).toBe('date must be a real date as YYYY-MM-DD, found "2026-02-30"');
  });

  it('warns, but records, when a decision does not follow from the finding', () => {
    const idle = (over: Partial<IdleResult>): IdleResult => ({ isIdle: true, basis: 'not_started', since: '2025-06-30', idleYears: 1, idleOn: '2026-06-30', reclaimOn: '2027-06-30', disposal: 'fee', feeWan: 80, clause: 'x', ...over });
    expect(codes({ ...fee, kind: 'reclaim' }, ctx({ idle: idle({}) }))).toEqual(['reclaim-too-early']);
    expect(codes(fee, ctx({ idle: idle({ disposal: 'negotiate', feeWan: 0 }) }))).toEqual(['government-cause']);
    expect(codes(fee, ctx({ idle: idle({ idleYears: 2, disposal: 'reclaim', feeWan: 0 }) }))).toEqual(['fee-after-two-years']);
    expect(codes({ ...fee, kind: 'negotiate', negotiation: 'change_use' }, ctx({ idle: idle({}) }))).toEqual(['negotiate-not-government']);
    expect(codes({ ...fee, kind: 'not_idle', reason: '已复工' }, ctx({ idle: idle({}) }))).toEqual(['finding-idle']);
    expect(codes(fee, ctx({ idle: { ...idle({}), isIdle: false, disposal: 'none', feeWan: 0 } }))).toEqual(['finding-not-idle']);
    expect(codes(fee, ctx({ idle: idle({}) }))).toEqual([]);
    expect(codes(fee, ctx({ parcelKnown: false }))).toEqual(['parcel-unknown']);
    const r = recordDecision(EMPTY_DECISIONS, { ...fee, kind: 'reclaim' }, ctx({ idle: idle({}) }));
    expect(r.ok && r.warnings.map((w) => w.severity)).toEqual(['warning']);
    expect(r.ok && r.warnings[0].message.zh).toContain('第十四条（二）须满两年（2027-06-30 起）');
  });
});

describe('JSON: written with a version, read back from untrusted input without throwing', () => {
  const s = record(record(record(EMPTY_DECISIONS, fee), { parcelId: 'RH-027', kind: 'reclaim', date: '2026-07-03' }), { parcelId: 'RH-046', kind: 'not_idle', reason: '已复工', date: '2026-07-03' });
  const json = () => JSON.parse(JSON.stringify(decisionsToJson(s)));

  it('round-trips through JSON text exactly, with no problems', () => {
    const doc = json();
    expect(doc.format).toBe('park-atlas.review-decisions');
    expect(doc.version).toBe(1);
    const r = readDecisions(doc, 'project.json');
    expect(r.problems).toEqual([]);
    expect(r.state).toEqual(s);
    // What was read behaves like what was recorded: it can be appended to, and not edited.
    const next = record(r.state!, { parcelId: 'RH-046', kind: 'fee_notice', date: '2026-07-03' });
    expect(next.audit[3].before).toEqual(s.decisions[1]);
    expect(() => (r.state!.audit as unknown[]).pop()).toThrow(TypeError);
  });

  it('rejects what is not a decisions document, or a newer version, naming the file', () => {
    for (const bad of [null, [], 'x', 7]) expect(readDecisions(bad, 'd.json')).toMatchObject({ state: null, problems: [{ severity: 'error', file: 'd.json' }] });
    const newer = readDecisions({ ...json(), version: 2 }, 'd.json');
    expect(newer.state).toBeNull();
    expect(newer.problems[0].message.en).toBe('version 2 was written by a newer Park Atlas; this one reads version 1');
    expect(readDecisions({ ...json(), format: 'something-else' }, 'd.json').state).toBeNull();
    expect(readDecisions({ version: 1, audit: 'no' }, 'd.json').state).toBeNull();
  });

  it('skips a broken audit entry with an error naming its position, and keeps the rest', () => {
    const doc = json();
    doc.audit[2].after.kind = 'demolish';
    const r = readDecisions(doc, 'd.json');
    expect(r.state!.audit).toHaveLength(2);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.featureIndex, p.featureId, p.message.en])).toEqual([
      [2, 'RH-046', 'audit entry 3: after kind "demolish" is not one of fee_notice, reclaim, negotiate, not_idle; skipped'],
      // The listed decision for RH-046 now has no audit entry: reported with its content, not silently dropped.
      [1, 'RH-046', 'decision for RH-046 (not_idle, 2026-07-03, "") has no audit entry and is not loaded'],
    ]);
  });

  it('notices an edited trail: a "before" that is not the previous decision, a decision list that disagrees', () => {
    const doc = json();
    doc.audit[1].before.reference = '改过的文号';
    doc.decisions[0].note = 'changed';
    const r = readDecisions(doc, 'd.json');
    expect(r.problems.map((p) => [p.severity, p.message.en])).toEqual([
      ['warning', 'audit entry 2: "before" differs from the parcel\'s previous decision; the trail may have been edited'],
      ['warning', 'decision for RH-027 differs from its last audit entry; the audit trail is used'],
    ]);
    expect(decisionFor(r.state!, 'RH-027')!.note).toBe('');
  });

  it('drops unknown fields and survives hostile keys', () => {
    const doc = json();
    doc.audit[0].after.extra = '<script>';
    doc.audit[0].constructor = 'x';
    const raw = JSON.parse(JSON.stringify(doc).replace(/"RH-046"/g, '"__proto__"'));
    const r = readDecisions(raw, 'd.json');
    expect(r.problems).toEqual([]);
    expect(Object.keys(r.state!.audit[0].after)).not.toContain('extra');
    expect(decisionFor(r.state!, '__proto__')).toMatchObject({ kind: 'not_idle' });
    expect(({} as Record<string, unknown>).kind).toBeUndefined();
  });

  it('never throws, whatever the JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const r = readDecisions(v, 'any.json');
      expect(r.state === null || Array.isArray(r.state.audit)).toBe(true);
    }), { numRuns: 300 });
    // Nor for entries that are almost right.
    const entry = json().audit[0];
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('seq', 'who', 'when', 'parcelId', 'before', 'after'), fc.jsonValue()), (patch) => {
      const r = readDecisions({ version: 1, audit: [{ ...entry, ...patch }] }, 'any.json');
      expect(r.state).not.toBeNull();
    }), { numRuns: 300 });
  });
});

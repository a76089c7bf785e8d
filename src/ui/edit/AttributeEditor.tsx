// The inspector's attribute editor: each field core knows for the layer's kind, typed as core reads it (numbers,
// dates, yes/no, lists of values), then the feature's other properties as text. Every entry is checked as it is
// typed; nothing is saved while one is wrong. Saving is one undo step, and core re-evaluates the parcel at once.
import { useMemo, useState } from 'react';
import { tMaybe, t, type Lang } from '../i18n';
import { fieldLabel } from '../inspector/format';
import { applyInputs, inputText, parseFieldInput, schemaFields, type FieldType } from './attributes';

interface Props {
  lang: Lang;
  kind: string;
  properties: Record<string, unknown>;
  /** Returns a reason when the edit could not be applied. */
  onSave: (next: Record<string, unknown>) => string | null;
  onCancel: () => void;
}

const ENUM_PREFIX: Record<string, string> = { landUse: 'landUse', zoneType: 'zoneType', status: 'relocationStatus', parkClass: 'parkClass', planType: 'planType' };

export function AttributeEditor({ lang, kind, properties, onSave, onCancel }: Props) {
  const fields = useMemo(() => {
    const known = schemaFields(kind);
    const knownNames = new Set(known.map((f) => f.field));
    const other = Object.keys(properties).filter((k) => !knownNames.has(k) && k !== 'id').map((field) => ({ field, type: null as FieldType | null }));
    return [...known.map((f) => ({ field: f.field, type: f.type as FieldType | null })), ...other];
  }, [kind, properties]);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(fields.map(({ field }) => [field, inputText(properties[field])])));
  const [saveError, setSaveError] = useState<string | null>(null);

  const checked = useMemo(() => Object.fromEntries(fields.map(({ field }) => [field, parseFieldInput(kind, field, texts[field] ?? '')])), [fields, texts, kind]);
  const errors = Object.values(checked).filter((c) => !c.ok).length;
  const set = (field: string, value: string) => setTexts((x) => ({ ...x, [field]: value }));

  const save = () => {
    if (errors > 0) return;
    const values: Record<string, unknown> = {};
    for (const { field } of fields) {
      const c = checked[field];
      const before = inputText(properties[field]);
      // Untouched entries keep their stored value exactly (and its type).
      if (c.ok && (texts[field] ?? '') !== before) values[field] = c.value;
    }
    setSaveError(onSave(applyInputs(properties, values)));
  };

  const firstOther = fields.findIndex((f) => f.type === null);
  return (
    <form
      className="attr-editor"
      data-testid="attr-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      {fields.map(({ field, type }, i) => {
        const c = checked[field];
        const id = `attr-${field}`;
        const enumValues = Array.isArray(type) ? (type as readonly string[]) : null;
        return (
          <div key={field} className={`attr-row${c.ok ? '' : ' attr-row-bad'}`}>
            {i === firstOther && <div className="attr-sep">{t(lang, 'attr.other')}</div>}
            <label htmlFor={id} title={field}>{fieldLabel(field, lang)}</label>
            {enumValues || type === 'boolean' ? (
              <select id={id} value={texts[field] ?? ''} onChange={(e) => set(field, e.currentTarget.value)} data-testid={`attr-input-${field}`}>
                <option value="">{t(lang, 'attr.empty')}</option>
                {type === 'boolean' ? (
                  <>
                    <option value="true">{t(lang, 'attr.yes')}</option>
                    <option value="false">{t(lang, 'attr.no')}</option>
                  </>
                ) : (
                  enumValues!.map((v) => <option key={v} value={v}>{ENUM_PREFIX[field] ? tMaybe(lang, `${ENUM_PREFIX[field]}.${v}`, v) : v}</option>)
                )}
                {/* A stored value outside the list stays selectable (and is reported), never silently replaced. */}
                {enumValues && texts[field] && !enumValues.includes(texts[field]) && <option value={texts[field]}>{texts[field]}</option>}
              </select>
            ) : (
              <input
                id={id}
                type="text"
                inputMode={type === 'number' || type === 'count' || type === 'year' ? 'decimal' : undefined}
                placeholder={type === 'date' ? '2024-03-15' : undefined}
                value={texts[field] ?? ''}
                onChange={(e) => set(field, e.currentTarget.value)}
                aria-invalid={!c.ok}
                data-testid={`attr-input-${field}`}
              />
            )}
            {!c.ok && <div className="attr-error" role="alert" data-testid={`attr-error-${field}`}>{c.message[lang]}</div>}
          </div>
        );
      })}
      {saveError && <div className="attr-error" role="alert">{saveError}</div>}
      <div className="attr-actions">
        {errors > 0 && <span className="attr-count" data-testid="attr-error-count">{t(lang, 'attr.invalid', { n: errors })}</span>}
        <button type="button" className="btn" onClick={onCancel} data-testid="attr-cancel">{t(lang, 'attr.cancel')}</button>
        <button type="submit" className="btn btn-primary" disabled={errors > 0} data-testid="attr-save">{t(lang, 'attr.save')}</button>
      </div>
    </form>
  );
}

// The optional base map (DESIGN §9): none by default; a user's XYZ/WMTS template (e.g. 天地图 with their own key)
// is kept in this browser only (never in the shared URL, since it may carry a key).
import { useEffect, useId, useRef, useState } from 'react';
import { baseMapAllowedNow } from '../../csp';
import { baseMapProblem } from '../../map/baseStyle';
import { storeBaseMap } from './baseMapStorage';
import { localPmtilesBaseMap } from '../../map/localBaseMap';
import { t, type Lang } from '../i18n';
import { useMapController } from './mapStore';

export function BaseMapSettings({ lang, current }: { lang: Lang; current: string | null }) {
  const controller = useMapController();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(current ?? '');
  const [error, setError] = useState<string | null>(null);
  const [reloadFor, setReloadFor] = useState<string | null>(null);
  const id = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    setDraft(current ?? '');
    setError(null);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onDown);
    };
  }, [open, current]);

  const apply = (url: string | null) => {
    if (url !== null) {
      const problem = baseMapProblem(url);
      if (problem) {
        setError(t(lang, problem === 'scheme' ? 'basemap.err.scheme' : 'basemap.err.placeholders'));
        return;
      }
    }
    if (url !== null && !baseMapAllowedNow(url)) {
      // The page's security policy was fixed when it loaded: tiles from a new host need a reload (src/csp.ts).
      storeBaseMap(url);
      setReloadFor(url);
      return;
    }
    controller?.setBaseMap(url);
    storeBaseMap(url);
    setReloadFor(null);
    setOpen(false);
  };

  return (
    <div className="basemap" ref={box}>
      <button type="button" className={current ? 'link-button is-on' : 'link-button'} aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)} data-testid="basemap-button">
        {t(lang, 'basemap.button')}
      </button>
      {open && (
        <div className="popover" id={id} role="dialog" aria-label={t(lang, 'basemap.title')} data-testid="basemap-popover">
          <div className="popover-title">{t(lang, 'basemap.title')}</div>
          <p className="popover-hint">{t(lang, 'basemap.hint')}</p>
          <label className="popover-field">
            <span>{t(lang, 'basemap.url')}</span>
            <input
              type="url"
              value={draft}
              spellCheck={false}
              placeholder="https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=…"
              onChange={(e) => setDraft(e.currentTarget.value)}
              onKeyDown={(e) => e.key === 'Enter' && apply(draft.trim() || null)}
              data-testid="basemap-url"
            />
          </label>
          {error && <p className="popover-error" role="alert">{error}</p>}
          {reloadFor && (
            <p className="popover-hint" role="status" data-testid="basemap-reload-note">
              {t(lang, 'basemap.reloadNeeded')}{' '}
              <button type="button" className="btn btn-primary" onClick={() => location.reload()} data-testid="basemap-reload">{t(lang, 'basemap.reload')}</button>
            </p>
          )}
          <label className="popover-file">
            <span>{t(lang, 'basemap.pmtiles')}</span>
            <input
              type="file"
              accept=".pmtiles"
              data-testid="basemap-pmtiles"
              onChange={(e) => {
                const file = e.currentTarget.files?.[0];
                e.currentTarget.value = '';
                if (!file) return;
                void localPmtilesBaseMap(file).then((r) => {
                  if (!r.ok) {
                    setError(r.reason === 'vector' ? t(lang, 'basemap.err.vector', { name: r.detail }) : t(lang, 'basemap.err.unreadable', { detail: r.detail }));
                    return;
                  }
                  // A local file lasts for this page: it is never stored, and a tile URL stored before is kept.
                  controller?.setLocalBaseMap(r.name, r.source);
                  setError(null);
                  setOpen(false);
                });
              }}
            />
          </label>
          <p className="popover-current">{current ? t(lang, 'basemap.current', { url: current }) : t(lang, 'basemap.none')}</p>
          <div className="popover-actions">
            <button type="button" className="btn" onClick={() => apply(null)} data-testid="basemap-clear">{t(lang, 'basemap.clear')}</button>
            <button type="button" className="btn btn-primary" onClick={() => apply(draft.trim() || null)} data-testid="basemap-apply">{t(lang, 'basemap.apply')}</button>
          </div>
        </div>
      )}
    </div>
  );
}

// A small virtualiser: fixed row height, the window of rows computed from scrollTop, so 100k rows cost what ~30 do.
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  count: number;
  rowHeight: number;
  /** Total width of a row (columns), for horizontal scrolling. */
  width: number;
  header: ReactNode;
  headerHeight: number;
  renderRow: (index: number, top: number) => ReactNode;
  /** When set (and changed), the row at this index is scrolled into view. */
  scrollToIndex: number | null;
  /** Bumped to re-run scrollToIndex for the same index (e.g. the same feature clicked again). */
  scrollKey: unknown;
  empty?: ReactNode;
}

const OVERSCAN = 6;

export function VirtualRows({ count, rowHeight, width, header, headerHeight, renderRow, scrollToIndex, scrollKey, empty }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(300);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the row in view: only scroll when it is outside the visible band, and then centre it.
  useEffect(() => {
    const el = scroller.current;
    if (!el || scrollToIndex === null || scrollToIndex < 0) return;
    const top = scrollToIndex * rowHeight;
    const view = el.clientHeight - headerHeight;
    if (top < el.scrollTop || top + rowHeight > el.scrollTop + view) {
      el.scrollTop = Math.max(0, top - view / 2 + rowHeight / 2);
      setScrollTop(el.scrollTop);
    }
  }, [scrollToIndex, scrollKey, rowHeight, headerHeight]);

  // A shorter list (filtered) may leave scrollTop past the end; the browser clamps it, keep state in step.
  useEffect(() => {
    const el = scroller.current;
    if (el && el.scrollTop !== scrollTop) setScrollTop(el.scrollTop);
  }, [count, scrollTop]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) rows.push(renderRow(i, i * rowHeight));

  return (
    <div ref={scroller} className="vt-scroller" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} role="table">
      <div className="vt-header" style={{ width, height: headerHeight }} role="rowgroup">
        {header}
      </div>
      <div className="vt-body" style={{ height: count * rowHeight, width }} role="rowgroup">
        {rows}
      </div>
      {count === 0 && empty}
    </div>
  );
}

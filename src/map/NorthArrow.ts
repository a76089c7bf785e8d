// A north arrow that turns with the map's bearing; a click turns the map back to north up.
import type { IControl, Map as MlMap } from 'maplibre-gl';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The arrow as DOM nodes (never innerHTML: the app builds all markup through the DOM). */
function arrowSvg(): SVGSVGElement {
  const el = <K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string>): SVGElementTagNameMap[K] => {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };
  const svg = el('svg', { viewBox: '0 0 32 40', width: '26', height: '32', 'aria-hidden': 'true' });
  svg.append(
    el('polygon', { points: '16,3 25,29 16,24 7,29', fill: '#1d2733' }),
    el('polygon', { points: '16,3 16,24 7,29', fill: '#7a8596' }),
  );
  const label = el('text', { x: '16', y: '39', 'text-anchor': 'middle', 'font-size': '10', 'font-weight': '700', 'font-family': 'Arial, sans-serif', fill: '#1d2733' });
  label.textContent = 'N';
  svg.append(label);
  return svg;
}

export class NorthArrow implements IControl {
  private map: MlMap | null = null;
  private el: HTMLButtonElement | null = null;
  private readonly title: string;

  constructor(title = 'North') {
    this.title = title;
  }

  onAdd(map: MlMap): HTMLElement {
    this.map = map;
    const wrap = document.createElement('div');
    wrap.className = 'maplibregl-ctrl maplibregl-ctrl-group north-arrow';
    const el = document.createElement('button');
    el.type = 'button';
    el.title = this.title;
    el.setAttribute('aria-label', this.title);
    el.dataset.testid = 'north-arrow';
    el.appendChild(arrowSvg());
    el.addEventListener('click', () => this.map?.resetNorth());
    wrap.appendChild(el);
    this.el = el;
    map.on('rotate', this.update);
    this.update();
    return wrap;
  }

  onRemove(): void {
    this.map?.off('rotate', this.update);
    this.el?.parentElement?.remove();
    this.map = null;
  }

  private readonly update = (): void => {
    if (!this.map || !this.el) return;
    const svg = this.el.firstElementChild as SVGElement | null;
    if (svg) svg.style.transform = `rotate(${-this.map.getBearing()}deg)`;
  };
}

// An automated accessibility audit of whatever screen the page shows, run by the browser tests at
// every screenshot. Four checks, after WCAG 2.2 (AA unless said):
//
//  names     every control and image that Chromium's own accessibility tree exposes (CDP
//            Accessibility.getFullAXTree: the browser's computed accessible name) has a name (4.1.2,
//            1.1.1), and every visible input, select and textarea has a <label> or aria-label (3.3.2);
//  contrast  every visible text run against the colour behind it (1.4.3: 4.5:1, large text 3:1),
//            computed in the page from computed styles: the text's parent colour against the
//            backgrounds of its ancestors composited from the nearest opaque one; where a layer is
//            translucent (text over the live camera), also over pure black and pure white, since
//            what shows through is unknown; gradient backgrounds are checked at every stop colour;
//            disabled controls are exempt, as WCAG exempts inactive components;
//  targets   buttons, text fields, selects and option labels at least 44x44 CSS px (2.5.5, AAA;
//            AA's 2.5.8 asks only 24);
//  focus     Tab walks the page: every visible control is reached, and each shows a focus outline
//            of at least 2 px whose colour contrasts 3:1 with the background around it (1.4.11,
//            2.4.7).
// Relative luminance and contrast ratio as WCAG 2.x defines them (sRGB linearised, (L1+0.05)/(L2+0.05)).
import type { Page } from 'playwright-core';

export interface A11yIssue { rule: 'name' | 'label' | 'contrast' | 'target' | 'focus' | 'lang'; where: string; detail: string }

// Runs in the page. Kept as source text so the test transpiler cannot add helpers the page lacks.
const IN_PAGE = String.raw`(() => {
  const issues = [];
  const describe = (el) => {
    const id = el.id ? '#' + el.id : '';
    const tid = el.getAttribute('data-testid') ? '[data-testid=' + el.getAttribute('data-testid') + ']' : '';
    const text = (el.innerText || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return el.tagName.toLowerCase() + id + tid + (text ? ' "' + text + '"' : '');
  };
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1,
  });
  const lum = (c) => {
    const ch = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const visible = (el) => {
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible' || s.display === 'none') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  // The possible solid colours behind an element: its ancestors' backgrounds, composited upwards
  // from the element to the nearest opaque layer; gradients give one candidate per stop colour.
  const backgrounds = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      const stops = s.backgroundImage && s.backgroundImage !== 'none'
        ? (s.backgroundImage.match(/rgba?\([^)]+\)/g) || []).map(parse) : [];
      const bg = parse(s.backgroundColor);
      if (stops.length) { layers.push(stops); if (stops.every((c) => c.a === 1)) return { layers, opaque: true }; }
      if (bg && bg.a > 0) { layers.push([bg]); if (bg.a === 1) return { layers, opaque: true }; }
    }
    return { layers, opaque: false };
  };
  const behind = (el) => {
    const { layers, opaque } = backgrounds(el);
    const translucent = layers.some((l) => l.some((c) => c.a < 1));
    let bases = opaque ? layers.pop() : [{ r: 255, g: 255, b: 255, a: 1 }];
    if (translucent) bases = bases.concat([{ r: 0, g: 0, b: 0, a: 1 }, { r: 255, g: 255, b: 255, a: 1 }]);
    for (let i = layers.length - 1; i >= 0; i--) {
      const next = [];
      for (const top of layers[i]) for (const b of bases) next.push(over(top, b));
      bases = next;
    }
    return bases;
  };
  const disabled = (el) => !!el.closest('button:disabled, input:disabled, select:disabled, textarea:disabled, fieldset:disabled');

  if (!document.documentElement.lang) issues.push({ rule: 'lang', where: 'html', detail: 'no lang attribute' });

  // Text contrast.
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || seen.has(el) || !n.textContent.trim() || !visible(el) || el.closest('[aria-hidden=true], option, script, style')) continue;
    seen.add(el);
    if (disabled(el)) continue;
    const s = getComputedStyle(el);
    let fg = parse(s.color);
    if (!fg) continue;
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    let worst = Infinity;
    for (const bg of behind(el)) {
      const f = over({ ...fg, a: fg.a * opacity }, bg);
      worst = Math.min(worst, ratio(f, bg));
    }
    if (worst < need) issues.push({ rule: 'contrast', where: describe(el), detail: worst.toFixed(2) + ':1 < ' + need + ':1 (' + s.color + ')' });
  }

  // Labels of form fields and size of touch targets.
  for (const el of document.querySelectorAll('input, select, textarea, button, summary')) {
    const hiddenFile = el.type === 'file' && !visible(el);
    if (!hiddenFile && !visible(el)) continue;
    if (el.matches('input, select, textarea')) {
      const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (!named) issues.push({ rule: 'label', where: describe(el), detail: 'form field without a label' });
    }
    if (hiddenFile) continue;
    // A radio or checkbox is operated through its label too: the label is the target.
    const target = el.matches('input[type=radio], input[type=checkbox]') && el.labels && el.labels[0] ? el.labels[0] : el;
    const r = target.getBoundingClientRect();
    if (r.width < 44 || r.height < 44) issues.push({ rule: 'target', where: describe(el), detail: Math.round(r.width) + 'x' + Math.round(r.height) + ' px < 44x44' });
  }
  return issues;
})()`;

// The focused element's outline against what surrounds it. Same helpers as above, run per Tab.
const FOCUS_PROBE = String.raw`(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const lum = (c) => { const ch = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  let bg = null;
  for (let e = el.parentElement; e && !bg; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a === 1) bg = c; }
  bg = bg || { r: 255, g: 255, b: 255, a: 1 };
  const s = getComputedStyle(el);
  const width = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
  const colour = parse(s.outlineColor);
  const id = el.id ? '#' + el.id : '', tid = el.getAttribute('data-testid') ? '[data-testid=' + el.getAttribute('data-testid') + ']' : '';
  const text = (el.innerText || el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].innerText : '') || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  if (!el.__auditId) el.__auditId = (window.__auditCount = (window.__auditCount || 0) + 1);
  return { id: el.__auditId, key: el.tagName.toLowerCase() + id + tid + (text ? ' "' + text + '"' : ''), width, contrast: colour ? ratio(colour, bg) : 0, colour: s.outlineColor };
})()`;

const INTERACTIVE = new Set(['button', 'textbox', 'combobox', 'checkbox', 'radio', 'switch', 'slider', 'spinbutton', 'link', 'searchbox', 'listbox', 'menuitem', 'tab', 'image', 'img']);

interface AXNode { ignored: boolean; role?: { value?: string }; name?: { value?: string } }

/** Every issue the four checks find on the current screen (empty when it passes). */
export async function auditA11y(page: Page): Promise<A11yIssue[]> {
  const issues = await page.evaluate(IN_PAGE) as A11yIssue[];

  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree') as { nodes: AXNode[] };
    for (const n of nodes) {
      const role = n.role?.value ?? '';
      if (n.ignored || !INTERACTIVE.has(role)) continue;
      if (!String(n.name?.value ?? '').trim()) issues.push({ rule: 'name', where: role, detail: 'no accessible name' });
    }
  } finally {
    await cdp.detach().catch(() => undefined);
  }

  // Keyboard: Tab through the page and note each control reached and its focus ring.
  const controls = await page.locator(
    'button:visible:not(:disabled), input:visible:not(:disabled), select:visible:not(:disabled), textarea:visible:not(:disabled), summary:visible, a[href]:visible',
  ).count();
  await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); });
  const reached = new Set<number>();
  // Twice round: the browser's own UI may take a Tab stop or two where the page's order wraps.
  for (let i = 0; i < 2 * controls + 4; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(FOCUS_PROBE) as { id: number; key: string; width: number; contrast: number; colour: string } | null;
    if (!f) continue;
    reached.add(f.id);
    if (f.width < 2) issues.push({ rule: 'focus', where: f.key, detail: `focus outline ${f.width}px` });
    else if (f.contrast < 3) issues.push({ rule: 'focus', where: f.key, detail: `focus outline ${f.contrast.toFixed(2)}:1 < 3:1 (${f.colour})` });
  }
  // Radio groups take one Tab stop; count reached elements against the controls less the extra radios.
  const radioExtras = await page.evaluate(() => {
    const groups = new Map<string, number>();
    for (const r of Array.from(document.querySelectorAll<HTMLInputElement>('input[type=radio]'))) {
      if (r.offsetParent) groups.set(r.name, (groups.get(r.name) ?? 0) + 1);
    }
    let extra = 0;
    for (const n of groups.values()) extra += n - 1;
    return extra;
  });
  if (reached.size < controls - radioExtras) {
    issues.push({ rule: 'focus', where: 'page', detail: `Tab reached ${reached.size} of ${controls - radioExtras} controls` });
  }
  await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); });
  return dedupe(issues);
}

function dedupe(issues: A11yIssue[]): A11yIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => { const k = `${i.rule}|${i.where}|${i.detail}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

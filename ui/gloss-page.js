/* gloss-page.js: the page side of GlossArticleView
 *
 * Injected by gloss-article-view.c at document end, in the top frame only,
 * into an isolated script world whose name is random per process: the
 * article's own scripts(disabled anyway) can neither see nor call it.
 *
 * It indexes the article text(see gloss-html.c for the one definition),
 * reports the selection in text offsets, paints annotations with the CSS
 * Custom Highlight API(never touching the DOM, so the text that offsets
 * count over never changes) and reports clicks on highlights.
 *
 * C talks to it only through `Gloss.*` calls made with
 * webkit_web_view_call_async_javascript_function() in this world, and it
 * answers only through window.webkit.messageHandlers.gloss.
 *
 * Offsets count Unicode code points; JavaScript strings count UTF-16 code
 * units, so every conversion goes through cpLength()/utf16Index().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
'use strict';

(() => {
  const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'];
  const DEFAULT_COLOR = 'yellow';
  const SKIPPED = new Set(['script', 'style', 'template']);
  const FLASH_STEPS = [350, 200, 350];

  /* --- The DOM, out of the article's reach ----------------------------
   *
   * An article can name its elements "body", "createRange", "nodeType"…:
   * document.NAME and form.NAME then find those elements before the
   * methods and properties (Document and HTMLFormElement let named
   * properties override built-ins), and the page script would break.  So
   * it calls the prototypes' own functions, taken once here: they belong
   * to this world, where none of the article's scripts run.  (What window
   * has of its own, getSelection() and webkit, comes before the names of
   * elements, so an article cannot hide it.) */

  const method = (proto, name) => {
    const f = proto[name];
    return (self, ...args) => Reflect.apply(f, self, args);
  };
  const getter = (proto, name) => {
    const get = Object.getOwnPropertyDescriptor(proto, name).get;
    return (self) => Reflect.apply(get, self, []);
  };

  const dom = Object.freeze({
    body: getter(Document.prototype, 'body'),
    createTreeWalker: method(Document.prototype, 'createTreeWalker'),
    createRange: method(Document.prototype, 'createRange'),
    caretRangeFromPoint: method(Document.prototype, 'caretRangeFromPoint'),
    addEventListener: method(EventTarget.prototype, 'addEventListener'),
    nodeType: getter(Node.prototype, 'nodeType'),
    localName: getter(Element.prototype, 'localName'),
  });
  const handler = window.webkit.messageHandlers.gloss;
  const postMessage = method(Object.getPrototypeOf(handler), 'postMessage');

  const post = (message) => {
    postMessage(handler, message);
  };

  /* --- Code points ------------------------------------------------------ */

  const SURROGATE = /[\uD800-\uDFFF]/;

  const isHigh = (c) => c >= 0xD800 && c <= 0xDBFF;
  const isLow = (c) => c >= 0xDC00 && c <= 0xDFFF;

  /* Code points in s[0, end) (UTF-16 units); a lone surrogate counts as
   * one, as it becomes one U+FFFD in UTF-8. */
  function cpLength(s, end = s.length) {
    let n = end;
    for (let i = 1; i < end; i++)
      if (isLow(s.charCodeAt(i)) && isHigh(s.charCodeAt(i - 1))) {
        n--;
        i++;
      }
    return n;
  }

  /* The UTF-16 index of code point @cp in s. */
  function utf16Index(s, cp) {
    let i = 0;
    while (cp > 0 && i < s.length) {
      if (isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1)))
        i += 2;
      else
        i += 1;
      cp--;
    }
    return i;
  }

  /* --- The index -------------------------------------------------------- */

  /* Non-empty text nodes in document order, the code point each starts at,
   * its length in code points and whether it holds surrogates. */
  let nodes = [];
  let starts = new Float64Array(0);
  let lengths = new Float64Array(0);
  let wide = new Uint8Array(0);
  /* node → its place in nodes; made when first needed (a selection). */
  let nodeIndex = null;
  let total = 0;

  function buildIndex() {
    const body = dom.body(document);
    const found = [];

    nodes = [];
    nodeIndex = null;
    total = 0;

    if (body) {
      /* No filter function: calling one for every element took most of
       * the time (10 MB: 140 ms).  Skipped elements are stepped over. */
      const walker = dom.createTreeWalker(document, body,
        NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT | NodeFilter.SHOW_CDATA_SECTION);
      let node = walker.nextNode();

      while (node) {
        /* A text node's own nodeType (no element of a form can hide it
         * there); elements through the prototype's getters. */
        const type = node.nodeType;

        if (type === Node.TEXT_NODE || type === Node.CDATA_SECTION_NODE) {
          if (node.data.length > 0)
            found.push(node);
        } else if (SKIPPED.has(dom.localName(node).toLowerCase())) {
          node = walker.nextSibling();
          while (!node && walker.parentNode())
            node = walker.nextSibling();
          continue;
        }
        node = walker.nextNode();
      }
    }

    starts = new Float64Array(found.length);
    lengths = new Float64Array(found.length);
    wide = new Uint8Array(found.length);

    found.forEach((node, i) => {
      const data = node.data;
      const hasSurrogates = SURROGATE.test(data);
      const length = hasSurrogates ? cpLength(data) : data.length;

      starts[i] = total;
      lengths[i] = length;
      wide[i] = hasSurrogates ? 1 : 0;
      total += length;
    });
    nodes = found;
  }

  /* The text offset of a DOM boundary point. */
  function offsetOf(container, offset) {
    if (nodeIndex === null) {
      nodeIndex = new Map();
      nodes.forEach((node, i) => nodeIndex.set(node, i));
    }

    const i = nodeIndex.get(container);

    if (i !== undefined)
      return starts[i] + (wide[i] ? cpLength(container.data, Math.min(offset, container.data.length))
                                  : Math.min(offset, lengths[i]));

    /* Anywhere else: where the first indexed text node at or after the
     * point starts. */
    const point = dom.createRange(document);
    let lo = 0;
    let hi = nodes.length;

    point.setStart(container, offset);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (point.comparePoint(nodes[mid], 0) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo < nodes.length ? starts[lo] : total;
  }

  /* The DOM boundary point of text offset @pos.  A start goes to the node
   * the code point at @pos is in; an end to the node before it, so a range
   * never begins at the end of one node or ends at the start of the next. */
  function pointOf(pos, isEnd) {
    let lo = 0;
    let hi = nodes.length - 1;

    if (nodes.length === 0)
      return null;

    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (isEnd ? starts[mid] < pos : starts[mid] <= pos)
        lo = mid;
      else
        hi = mid - 1;
    }

    const rel = Math.max(0, Math.min(pos - starts[lo], lengths[lo]));
    return [nodes[lo], wide[lo] ? utf16Index(nodes[lo].data, rel) : rel];
  }

  function staticRangeOf(start, end) {
    const a = pointOf(start, false);
    const b = pointOf(end, true);

    if (!a || !b)
      return null;
    return new StaticRange({ startContainer: a[0], startOffset: a[1],
                              endContainer: b[0], endOffset: b[1] });
  }

  function rangeOf(start, end) {
    const a = pointOf(start, false);
    const b = pointOf(end, true);
    const range = dom.createRange(document);

    if (!a || !b)
      return null;
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    return range;
  }

  function toInt(value) {
    const n = Number(value);
    return Number.isFinite(n) ? Math.max(0, Math.min(Math.floor(n), total)) : -1;
  }

  /* --- Painting --------------------------------------------------------- */

  /* id → {id, start, end, range, highlight}, as painted. */
  let paintedById = new Map();
  let highlights = new Map();
  let flashTimers = [];

  const flash = new Highlight();
  flash.priority = 1;

  function paintOne(item) {
    const start = toInt(item.start);
    const end = toInt(item.end);

    if (start < 0 || end <= start)
      return;

    const range = staticRangeOf(start, end);
    if (!range)
      return;

    const highlight = highlights.get(item.color) || highlights.get(DEFAULT_COLOR);
    const entry = { id: String(item.id), start, end, range, highlight };

    unpaintOne(entry.id);
    highlight.add(range);
    paintedById.set(entry.id, entry);
  }

  function unpaintOne(id) {
    const entry = paintedById.get(String(id));

    if (entry) {
      entry.highlight.delete(entry.range);
      paintedById.delete(entry.id);
    }
  }

  /* Every highlight anew. */
  function paint(items) {
    highlights = new Map(COLORS.map((c) => [c, new Highlight()]));
    paintedById = new Map();

    for (const item of(Array.isArray(items) ? items : []))
      paintOne(item);

    for (const [color, highlight] of highlights)
      CSS.highlights.set('gloss-' + color, highlight);

    return paintedById.size;
  }

  /* Only what changed: {remove: [ids], paint: [items]}. */
  function update(changes) {
    for (const id of(Array.isArray(changes.remove) ? changes.remove : []))
      unpaintOne(id);
    for (const item of(Array.isArray(changes.paint) ? changes.paint : []))
      paintOne(item);

    return paintedById.size;
  }

  function reveal(id) {
    const entry = paintedById.get(String(id));

    if (!entry)
      return false;

    const range = rangeOf(entry.start, entry.end);
    const rect = range.getBoundingClientRect();

    window.scrollBy({ top: rect.top + rect.height / 2 - window.innerHeight / 2,
                       behavior: 'smooth' });

    flashTimers.forEach(clearTimeout);
    flashTimers = [];
    flash.clear();

    let at = 0;
    FLASH_STEPS.forEach((duration, step) => {
      flashTimers.push(setTimeout(() => {
        if (step % 2 === 0)
          flash.add(range);
        else
          flash.clear();
      }, at));
      at += duration;
    });
    flashTimers.push(setTimeout(() => flash.clear(), at));
    return true;
  }

  /* The id of the painted highlight under the viewport point(x, y), the
   * shortest one where several overlap; null if none. */
  function hitTest(x, y) {
    const caret = dom.caretRangeFromPoint(document, x, y);
    let best = null;

    if (!caret)
      return null;

    const pos = offsetOf(caret.startContainer, caret.startOffset);

    for (const entry of paintedById.values()) {
      if (entry.start > pos || entry.end < pos)
        continue;
      if (best && entry.end - entry.start >= best.end - best.start)
        continue;

      for (const box of rangeOf(entry.start, entry.end).getClientRects())
        if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) {
          best = entry;
          break;
        }
    }

    return best ? best.id : null;
  }

  /* --- Selection -------------------------------------------------------- */

  let selectionQueued = false;
  let lastCollapsed = true;
  let lastSelection = null;

  function reportSelection() {
    const selection = window.getSelection();

    selectionQueued = false;

    if (selection && selection.rangeCount > 0 && !selection.isCollapsed) {
      const range = selection.getRangeAt(0);
      const start = offsetOf(range.startContainer, range.startOffset);
      const end = offsetOf(range.endContainer, range.endOffset);

      if (end > start) {
        const box = range.getBoundingClientRect();
        const message = { type: 'selection', start, end,
                          x: box.left, y: box.top,
                          width: box.width, height: box.height };
        const key = JSON.stringify(message);

        if (key !== lastSelection)
          post(message);
        lastSelection = key;
        lastCollapsed = false;
        return;
      }
    }

    if (!lastCollapsed)
      post({ type: 'selection', start: -1, end: -1 });
    lastCollapsed = true;
    lastSelection = null;
  }

  function queueSelection() {
    if (selectionQueued)
      return;
    selectionQueued = true;
    setTimeout(reportSelection, 0);
  }

  function select(start, end) {
    const a = pointOf(toInt(start), false);
    const b = pointOf(toInt(end), true);

    if (!a || !b)
      return false;
    window.getSelection().setBaseAndExtent(a[0], a[1], b[0], b[1]);
    return true;
  }

  function clearSelection() {
    window.getSelection().removeAllRanges();
    return true;
  }

  /* --- Start ------------------------------------------------------------ */

  function text() {
    return nodes.map((node) => node.data).join('');
  }

  paint([]);
  CSS.highlights.set('gloss-flash', flash);

  dom.addEventListener(document, 'selectionchange', queueSelection);
  dom.addEventListener(document, 'click', (event) => {
    const selection = window.getSelection();

    if (event.button !== 0 || (selection && !selection.isCollapsed))
      return;

    const id = hitTest(event.clientX, event.clientY);
    if (id !== null)
      post({ type: 'activate', id });
  });

  buildIndex();

  globalThis.Gloss = Object.freeze({
    paint, update, reveal, hitTest, select, clearSelection, text,
    get length() { return total; },
  });

  post({ type: 'ready', length: total });
}) ();

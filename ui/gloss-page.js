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
  const TEXT_NODES = NodeFilter.SHOW_TEXT | NodeFilter.SHOW_CDATA_SECTION;
  const FLASH_STEPS = [350, 200, 350];
  const FIRST_FRAME_WAIT_MS = 2000;
  const RENDERED_WAIT_MS = 1000;

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
    contentType: getter(Document.prototype, 'contentType'),
    querySelectorAll: method(Element.prototype, 'querySelectorAll'),
    createRange: method(Document.prototype, 'createRange'),
    caretRangeFromPoint: method(Document.prototype, 'caretRangeFromPoint'),
    addEventListener: method(EventTarget.prototype, 'addEventListener'),
    nodeType: getter(Node.prototype, 'nodeType'),
    visibilityState: getter(Document.prototype, 'visibilityState'),
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

    if (body && dom.contentType(document) === 'text/html') {
      /* The parser gives every script, style and template element a
       * lower-case name, so a selector finds them all, and the text in
       * them, found first (most articles have little or none), is left out
       * of a walk over the text alone: faster than stepping over every
       * element (1 MB: 5 ms against 9). */
      const skipped = new Set();

      for (const element of dom.querySelectorAll(body, 'script, style, template')) {
        const inner = dom.createTreeWalker(document, element, TEXT_NODES);

        for (let node = inner.nextNode(); node; node = inner.nextNode())
          skipped.add(node);
      }

      const walker = dom.createTreeWalker(document, body, TEXT_NODES);

      for (let node = walker.nextNode(); node; node = walker.nextNode())
        if (node.length > 0 && !skipped.has(node))
          found.push(node);
    } else if (body) {
      /* No filter function: calling one for every element took most of
       * the time (10 MB: 140 ms).  Skipped elements are stepped over. */
      const walker = dom.createTreeWalker(document, body, NodeFilter.SHOW_ELEMENT | TEXT_NODES);
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

  /* The place of an indexed text node in nodes; undefined for any other
   * node. */
  function indexOfNode(node) {
    if (nodeIndex === null) {
      nodeIndex = new Map();
      nodes.forEach((node, i) => nodeIndex.set(node, i));
    }
    return nodeIndex.get(node);
  }

  /* The text offset of a DOM boundary point. */
  function offsetOf(container, offset) {
    const i = indexOfNode(container);

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

  /* --- Painting ---------------------------------------------------------
   *
   * Every highlight the page is given is kept in `entries`, but only those
   * on or near the screen are in CSS.highlights: WebKit, painting a line of
   * text, looks at every range of every registered highlight, and with
   * 10,000 of them each frame of a 10 MB article took a quarter of a
   * second.  A colour is registered only while it holds a range: empty
   * highlights registered while a page loads stalled its first frame by
   * half a second (1 MB).  Ranges are made when first shown. */

  /* id → {id, start, end, highlight, range, shown} */
  let entries = new Map();
  const highlights = new Map(COLORS.map((c) => [c, new Highlight()]));
  /* The text offsets whose highlights are shown, [shownFrom, shownTo),
   * once measured. */
  let shownFrom = 0;
  let shownTo = 0;
  let shownKnown = false;
  let flashTimers = [];

  const flash = new Highlight();
  flash.priority = 1;

  /* A highlight is registered only while it holds ranges. */
  function register(name, highlight) {
    if (highlight.size > 0)
      CSS.highlights.set(name, highlight);
    else
      CSS.highlights.delete(name);
  }

  function registerColors() {
    for (const [color, highlight] of highlights)
      register('gloss-' + color, highlight);
  }

  function show(entry, shown) {
    if (shown === entry.shown)
      return;
    if (shown) {
      entry.range = entry.range || staticRangeOf(entry.start, entry.end);
      entry.highlight.add(entry.range);
    } else {
      entry.highlight.delete(entry.range);
    }
    entry.shown = shown;
  }

  function isNear(entry) {
    return shownKnown && entry.end > shownFrom && entry.start < shownTo;
  }

  function addEntry(item) {
    const start = toInt(item.start);
    const end = toInt(item.end);

    if (start < 0 || end <= start || nodes.length === 0)
      return;

    const entry = { id: String(item.id), start, end,
                    highlight: highlights.get(item.color) || highlights.get(DEFAULT_COLOR),
                    range: null, shown: false };

    removeEntry(entry.id);
    entries.set(entry.id, entry);
    show(entry, isNear(entry));
  }

  function removeEntry(id) {
    const entry = entries.get(String(id));

    if (entry) {
      show(entry, false);
      entries.delete(entry.id);
    }
  }

  /* The box of nodes[i] on screen, or null if it has none (the white space
   * between blocks, hidden text). */
  function boxOf(probe, i) {
    probe.selectNodeContents(nodes[i]);

    const box = probe.getBoundingClientRect();

    return box.width > 0 || box.height > 0 ? box : null;
  }

  /* The first text node, in document order, whose box ends below @y on
   * the screen; nodes.length if none.  Found by halving: an article's text
   * runs down the page in document order.  Nodes with no box are stepped
   * over, one by one and then in longer and longer steps (a closed
   * <details> may hide thousands). */
  function firstNodeBelow(y) {
    const probe = dom.createRange(document);
    let lo = 0;
    let hi = nodes.length;

    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      let at = mid;
      let box = null;

      for (let step = 1; at < hi; at += step) {
        box = boxOf(probe, at);
        if (box !== null)
          break;
        if (at - mid >= 16)
          step *= 2;
        if (at + step >= hi && at < hi - 1)
          step = hi - 1 - at;
      }

      if (box === null)
        hi = mid;
      else if (box.bottom <= y)
        lo = at + 1;
      else
        hi = at;
    }
    return lo;
  }

  /* The text on screen, [from, to) in offsets: from the first text node
   * whose box ends below its top to the first whose box ends below its
   * bottom; and, for text laid out far from its place in the document (a
   * page laid out bottom up, a long menu drawn above the article), the
   * text under three points of the screen. */
  function screenSpan() {
    const width = window.innerWidth;
    const height = window.innerHeight;

    if (nodes.length === 0 || height <= 0)
      return [0, 0];

    const top = firstNodeBelow(0);
    const bottom = Math.min(firstNodeBelow(height), nodes.length - 1);
    let from = top < nodes.length ? starts[top] : total;
    let to = starts[bottom] + lengths[bottom];

    for (const y of [height / 6, height / 2, height * 5 / 6]) {
      const caret = dom.caretRangeFromPoint(document, width / 2, y);
      const node = caret ? caret.startContainer : null;

      /* Cheap when it is where the halving says (two comparisons). */
      if (!node || dom.nodeType(node) !== Node.TEXT_NODE ||
          (top < nodes.length &&
           !(nodes[top].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING) &&
           !(nodes[bottom].compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)))
        continue;

      const i = indexOfNode(node);
      if (i !== undefined) {
        from = Math.min(from, starts[i]);
        to = Math.max(to, starts[i] + lengths[i]);
      }
    }
    return [from, Math.max(from, to)];
  }

  /* Highlights registered before the page's first frame after its load
   * event sometimes made that frame take half a second (1 MB, one open in
   * ten); registered after it, never.  So none is shown before that frame,
   * nor (should the load not end, or the page not be drawn) for long: those
   * given meanwhile are shown once it is past. */
  let firstFrameDone = false;
  const firstFrame = new Promise((resolve) => {
    const done = () => {
      if (firstFrameDone)
        return;
      firstFrameDone = true;
      showNearScreen(true);
      resolve();
    };
    const afterLoad = () => requestAnimationFrame(() => setTimeout(done, 0));

    if (document.readyState === 'complete')
      afterLoad();
    else
      dom.addEventListener(window, 'load', afterLoad, { once: true });
    setTimeout(done, FIRST_FRAME_WAIT_MS);
  });

  /* Shows the highlights within a few screens of the one on screen, hides
   * the others.  Unless @always, nothing is done while the screen is well
   * inside what is shown. */
  function showNearScreen(always) {
    if (!firstFrameDone)
      return;

    /* No highlights, no need to measure (and lay out a loading page). */
    if (entries.size === 0) {
      shownKnown = false;
      registerColors();
      return;
    }

    const [from, to] = screenSpan();
    const margin = Math.max(2 * (to - from), 5000);

    if (!always && shownKnown && from - margin / 2 >= shownFrom && to + margin / 2 <= shownTo)
      return;

    shownFrom = from - margin;
    shownTo = to + margin;
    shownKnown = true;
    for (const entry of entries.values())
      show(entry, isNear(entry));
    registerColors();
  }

  /* Resolves once the page has rendered a frame with what was just
   * changed: at the start of the frame after next.  A hidden page renders
   * none, so it resolves at once; should frames stop, RENDERED_WAIT_MS
   * ends the wait (then nothing says it was drawn). */
  function rendered() {
    if (dom.visibilityState(document) === 'hidden')
      return Promise.resolve();

    return new Promise((resolve) => {
      const timer = setTimeout(resolve, RENDERED_WAIT_MS);

      requestAnimationFrame(() => requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      }));
    });
  }

  /* The answer to paint() and update(): the number of highlights, once
   * the change and every earlier one are on screen (answers keep the order
   * of the calls).  With highlights to show, that is after the page's
   * first frame; with none, the page is painted as it is. */
  let lastAnswer = Promise.resolve();

  function answerOnScreen() {
    const onScreen = (async () => {
      if (entries.size > 0)
        await firstFrame;
      await rendered();
    })();
    const answer = Promise.all([lastAnswer, onScreen]).then(() => entries.size);

    lastAnswer = answer.catch(() => undefined);
    return answer;
  }

  /* Every highlight anew. */
  function paint(items) {
    for (const entry of entries.values())
      show(entry, false);
    entries = new Map();
    shownKnown = false;

    for (const item of(Array.isArray(items) ? items : []))
      addEntry(item);
    showNearScreen(true);

    return answerOnScreen();
  }

  /* Only what changed: {remove: [ids], paint: [items]}. */
  function update(changes) {
    for (const id of(Array.isArray(changes.remove) ? changes.remove : []))
      removeEntry(id);
    for (const item of(Array.isArray(changes.paint) ? changes.paint : []))
      addEntry(item);
    if (shownKnown)
      registerColors();
    else
      showNearScreen(true);

    return answerOnScreen();
  }

  function reveal(id) {
    const entry = entries.get(String(id));

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
        register('gloss-flash', flash);
      }, at));
      at += duration;
    });
    flashTimers.push(setTimeout(() => {
      flash.clear();
      register('gloss-flash', flash);
    }, at));
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

    for (const entry of entries.values()) {
      if (!entry.shown || entry.start > pos || entry.end < pos)
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

  dom.addEventListener(document, 'selectionchange', queueSelection);
  dom.addEventListener(document, 'click', (event) => {
    const selection = window.getSelection();

    if (event.button !== 0 || (selection && !selection.isCollapsed))
      return;

    const id = hitTest(event.clientX, event.clientY);
    if (id !== null)
      post({ type: 'activate', id });
  });

  /* Scrolled (the page, or an element the article scrolls in: scroll
   * events do not bubble, hence the capture) or resized: the highlights
   * near the new screen, before it is painted (scroll and resize events
   * come first in a frame). */
  const onScreenMoved = () => showNearScreen(false);
  dom.addEventListener(document, 'scroll', onScreenMoved, { passive: true, capture: true });
  dom.addEventListener(window, 'resize', onScreenMoved);

  buildIndex();

  globalThis.Gloss = Object.freeze({
    paint, update, reveal, hitTest, select, clearSelection, text,
    get length() { return total; },
  });

  post({ type: 'ready', length: total });
}) ();

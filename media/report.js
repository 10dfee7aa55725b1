// Boundwise report page: the VS Code webview and the self-contained HTML file run this script.
// In the webview it posts messages to the extension:
//   {type:'ready'} once loaded, {type:'open', file, line} for a hotspot, blocking site or flame frame,
//   {type:'rerun'}, {type:'export', format:'html'|'json'|'cpuprofile'}, {type:'zerox'} (open 0x's graph).
// It listens for {type:'busy', busy:boolean} to disable Re-run while a run is in progress.
// Standalone (no acquireVsCodeApi) it hides those actions and keeps the flame graph interactive.
// The flame graph's model is media/flame.js (window.BoundwiseFlame), loaded before this file.
(function () {
  'use strict';

  /* global acquireVsCodeApi */
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  document.body.classList.add(vscode ? 'has-host' : 'no-host');

  function post(message) {
    if (vscode) vscode.postMessage(message);
  }

  function openFrom(el) {
    var file = el.getAttribute('data-open-file') || el.getAttribute('data-file');
    var line = parseInt(el.getAttribute('data-open-line') || el.getAttribute('data-line') || '0', 10);
    if (file && vscode) post({ type: 'open', file: file, line: isFinite(line) && line > 0 ? line : 1 });
  }

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var action = target.closest('[data-action]');
    if (action) {
      var kind = action.getAttribute('data-action');
      if (kind === 'rerun') post({ type: 'rerun' });
      else if (kind === 'export') post({ type: 'export', format: action.getAttribute('data-format') });
      else if (kind === 'zerox') post({ type: 'zerox' });
      else if (kind === 'fg-reset') flame.reset(true);
      return;
    }
    var opener = target.closest('[data-open-file]');
    if (opener) return openFrom(opener);
    var row = target.closest('tr.clickable');
    if (row) {
      var inRow = row.querySelector('[data-open-file]');
      if (inRow) openFrom(inRow);
      return;
    }
  });

  document.addEventListener('dblclick', function (event) {
    var frame = event.target instanceof Element ? event.target.closest('.fg-frame[data-file]') : null;
    if (frame) openFrom(frame);
  });

  window.addEventListener('message', function (event) {
    var message = event.data;
    if (!message || message.type !== 'busy') return;
    document.querySelectorAll('[data-action="rerun"]').forEach(function (button) {
      button.disabled = !!message.busy;
      button.textContent = message.busy ? 'Running\u2026' : 'Re-run';
    });
  });

  // Flame graph: media/flame.js builds the trees and layouts; this draws them as SVG and handles
  // the views, zoom, search, the options, the details beside the pointer and the keyboard.
  var flame = (function () {
    var none = { zoom: function () {}, reset: function () {} };
    var box = document.querySelector('.fg');
    var model = window.BoundwiseFlame;
    if (!box || !model) return none;
    var full;
    var cpuKnown = true;
    try {
      var data = JSON.parse(box.getAttribute('data-graph') || '{}');
      cpuKnown = data.cpuKnown !== 0;
      full = model.decode(data);
    } catch (err) {
      return none;
    }
    var ROW = 22;
    var BAR = 20;
    var MIN_PX = 2; // narrower frames are not drawn, so they set no row
    var MAX_ROWS = 120;
    var canOpen = box.getAttribute('data-open') === '1';
    var mainSvg = box.querySelector('.fg-canvas .fg-svg');
    var SVG_NS = mainSvg.namespaceURI; // the page's own <svg>: no namespace URL written here
    var tip = box.querySelector('.fg-tip');
    var status = box.querySelector('.fg-status');
    var search = box.querySelector('.fg-search');
    var collapse = box.querySelector('.fg-collapse');
    var waiting = box.querySelector('.fg-waiting');
    var functionsBody = box.querySelector('.fg-functions tbody');
    var sandwichGraphs = box.querySelector('.fg-sandwich-graphs');
    var defaultStatus = status ? status.textContent : '';
    var state = { view: 'left-heavy', zoomPath: [], selected: null, query: '' };
    var tree = full;
    // What is drawn, per svg: the placed frames and their <g> elements.
    var drawn = new Map();

    function derive() {
      var t = full;
      if (waiting && !waiting.checked) t = model.withoutWaiting(t);
      if (!collapse || collapse.checked) t = model.collapseRuntime(t);
      tree = t;
    }

    function pathOf(n) {
      var keys = [];
      for (var a = n; a && a.parent; a = a.parent) keys.unshift(a.key);
      return keys;
    }

    /** The zoomed frame in the current tree (the same path of functions), else the root. */
    function zoomBase() {
      var n = tree;
      for (var i = 0; i < state.zoomPath.length; i++) {
        var next = null;
        for (var j = 0; j < n.children.length; j++) if (n.children[j].key === state.zoomPath[i]) next = n.children[j];
        if (!next) break;
        n = next;
      }
      return n;
    }

    function el(name, attrs) {
      var e = document.createElementNS(SVG_NS, name);
      for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, String(attrs[k]));
      return e;
    }

    function where(n) {
      if (!n.shown) return '';
      return n.shown + (n.line ? ':' + n.line : '');
    }

    function labelOf(n) {
      if (n.kind === 'root') return model.rootLabel(n, cpuKnown);
      var loc = where(n);
      return n.name + (loc ? ' \u2014 ' + loc : '') + (n.folded ? ' (+' + n.folded + ' runtime frames)' : '');
    }

    function textOf(n) {
      if (n.kind === 'root') return labelOf(n);
      return n.folded ? n.name + ' (+' + n.folded + ' runtime)' : n.name;
    }

    function fit(text, px) {
      var chars = Math.floor((px - 8) / 7);
      if (chars < 2) return '';
      return text.length <= chars ? text : text.slice(0, Math.max(1, chars - 1)) + '\u2026';
    }

    /** One of four shades per name, so neighbours of the same kind stay apart. */
    function shade(name) {
      var h = 0;
      for (var i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
      return Math.abs(h) % 4;
    }

    function stateOf(n) {
      // Without per-sample states (a report kept from before they were recorded) a frame's time is
      // wall time: drawn in the neutral wall-time colour, never as on the CPU.
      if (!cpuKnown) return 'wall';
      return n.totalWait > n.totalCpu ? 'wait' : 'cpu';
    }

    function width(svg) {
      return svg.getBoundingClientRect().width || (svg.parentNode && svg.parentNode.clientWidth) || 1000;
    }

    function draw(svg, base, inverted, matches) {
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      var px = width(svg);
      var placed = model.layout(base, MIN_PX / px, 4000, MAX_ROWS);
      var rows = model.rowsOf(placed);
      svg.setAttribute('height', String(rows * ROW));
      var index = new Map();
      var groups = placed.map(function (p, i) {
        index.set(p.node, i);
        var n = p.node;
        var x = p.x * px;
        var w = Math.max(1, p.w * px - 1);
        var y = (inverted ? rows - 1 - p.depth : p.depth) * ROW;
        var label = labelOf(n);
        var cls = 'fg-frame fg-' + n.kind + ' fg-' + stateOf(n) + ' fg-shade-' + shade(n.name);
        if (p.ancestor) cls += ' fg-dim';
        if (matches && !p.ancestor) cls += matches.has(n) ? ' fg-match' : ' fg-dim';
        var g = el('g', {
          class: cls, tabindex: i === 0 ? 0 : -1, role: 'treeitem', 'aria-level': p.depth + 1, 'aria-label': label,
          'data-index': i, 'data-depth': p.depth, 'data-label': label,
        });
        if (canOpen && n.openable) {
          g.setAttribute('data-file', n.file);
          g.setAttribute('data-line', String(n.line));
        }
        if (n.kind === 'root' && n.totalWait > 0) {
          // The root holds both: on CPU and waiting, coloured apart.
          var cpuW = w * (n.totalCpu / model.total(n));
          g.appendChild(el('rect', { class: 'fg-rect fg-rect-cpu', x: x, y: y, width: Math.max(0, cpuW), height: BAR, rx: 2 }));
          g.appendChild(el('rect', { class: 'fg-rect fg-rect-wait', x: x + cpuW, y: y, width: Math.max(0, w - cpuW), height: BAR, rx: 2 }));
        } else {
          g.appendChild(el('rect', { class: 'fg-rect', x: x, y: y, width: w, height: BAR, rx: 2 }));
        }
        var t = el('text', { x: x + 5, y: y + 14 });
        t.textContent = fit(textOf(n), w);
        g.appendChild(t);
        svg.appendChild(g);
        return g;
      });
      drawn.set(svg, { placed: placed, groups: groups, index: index, base: base });
      return placed;
    }

    function currentMatches() {
      if (!state.query) return null;
      var found = model.search(tree, state.query);
      return { set: new Set(found.matches), found: found };
    }

    function showStatus(found) {
      if (!status) return;
      if (!found) {
        status.textContent = defaultStatus;
        return;
      }
      var all = model.total(tree);
      var covered = found.cpu + found.wait;
      status.textContent = found.matches.length
        ? found.matches.length + (found.matches.length === 1 ? ' frame matches' : ' frames match') + ' \u201c' + state.query + '\u201d: ' +
          model.formatMs(covered) + ' (' + model.formatPercent(all > 0 ? covered / all : 0) + ' of all)'
        : 'No frame matches \u201c' + state.query + '\u201d.';
    }

    function render() {
      derive();
      var m = currentMatches();
      showStatus(m && m.found);
      if (state.view === 'left-heavy') {
        var placed = draw(mainSvg, zoomBase(), false, m && m.set);
        if (placed.cut && status) status.textContent += ' Calls deeper than ' + MAX_ROWS + ' rows are not drawn: click a frame to zoom in.';
      } else {
        renderSandwich();
      }
    }

    function renderSandwich() {
      if (!functionsBody) return;
      while (functionsBody.firstChild) functionsBody.removeChild(functionsBody.firstChild);
      var list = model.functionsOf(tree);
      if (state.query) {
        var q = state.query.toLowerCase();
        list = list.filter(function (f) { return f.name.toLowerCase().indexOf(q) >= 0 || (f.shown || '').toLowerCase().indexOf(q) >= 0; });
      }
      list.slice(0, 300).forEach(function (f) {
        var tr = document.createElement('tr');
        tr.className = 'fg-function' + (f.key === state.selected ? ' selected' : '');
        tr.setAttribute('tabindex', '0');
        tr.setAttribute('data-key', f.key);
        var cells = [f.name, where(f), model.formatMs(f.selfCpu + f.selfWait), model.formatMs(f.totalCpu + f.totalWait)];
        cells.forEach(function (text, i) {
          var td = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) td.setAttribute('scope', 'row');
          if (i >= 2) td.className = 'num';
          var code = i < 2 ? document.createElement('code') : null;
          if (code) {
            code.textContent = text;
            td.appendChild(code);
          } else {
            td.textContent = text;
          }
          tr.appendChild(td);
        });
        functionsBody.appendChild(tr);
      });
      var chosen = state.selected && model.sandwich(tree, state.selected);
      if (sandwichGraphs) sandwichGraphs.hidden = !chosen;
      if (chosen) {
        draw(box.querySelector('.fg-callers'), chosen.callers, true, null);
        draw(box.querySelector('.fg-callees'), chosen.callees, false, null);
      }
    }

    function setView(view) {
      state.view = view;
      box.querySelectorAll('.fg-view').forEach(function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-view') === view)); });
      box.querySelectorAll('[data-pane]').forEach(function (pane) { pane.hidden = pane.getAttribute('data-pane') !== view; });
      hideTip();
      render();
    }

    function selectFunction(key) {
      state.selected = key;
      render();
    }

    function frameAt(g) {
      var svg = g.ownerSVGElement;
      var d = svg && drawn.get(svg);
      var i = d ? d.groups.indexOf(g) : -1;
      return i >= 0 ? { svg: svg, d: d, i: i, p: d.placed[i] } : null;
    }

    function zoom(g) {
      var f = frameAt(g);
      if (!f || f.svg !== mainSvg) return;
      state.zoomPath = pathOf(f.p.node);
      render();
      var at = drawn.get(mainSvg).index.get(zoomBase());
      focus(mainSvg, at === undefined ? 0 : at);
    }

    function reset(focusRoot) {
      state.zoomPath = [];
      if (state.view === 'left-heavy') render();
      if (focusRoot) focus(mainSvg, 0);
    }

    function hideTip() {
      if (tip) tip.hidden = true;
    }

    function describe(g, clientX, clientY) {
      var f = frameAt(g);
      if (!tip || !f) return;
      var n = f.p.node;
      var all = model.total(tree);
      var lines = [
        [n.kind === 'root' ? 'all samples' : n.name, 'fg-tip-name'],
        [where(n), 'fg-tip-where'],
        ['total ' + model.formatMs(model.total(n)) + ' (' + model.formatPercent(all > 0 ? model.total(n) / all : 0) + ' of all) \u00b7 self ' + model.formatMs(n.selfCpu + n.selfWait), ''],
        ['on CPU ' + model.formatMs(n.totalCpu) + ' \u00b7 waiting ' + model.formatMs(n.totalWait), ''],
        [n.folded ? 'collapsed: ' + n.folded + ' runtime frames below it, down to ' + n.innermost : '', 'muted'],
        [canOpen && n.openable ? 'double-click or O opens the source' : '', 'muted'],
      ];
      while (tip.firstChild) tip.removeChild(tip.firstChild);
      lines.forEach(function (line) {
        if (!line[0]) return;
        var div = document.createElement('div');
        div.textContent = line[0];
        if (line[1]) div.className = line[1];
        tip.appendChild(div);
      });
      tip.hidden = false;
      var boxRect = box.getBoundingClientRect();
      var x;
      var y;
      if (clientX === undefined) {
        // From the keyboard: beside the frame.
        var r = g.getBoundingClientRect();
        x = r.left + Math.min(r.width, 40);
        y = r.bottom;
      } else {
        x = clientX;
        y = clientY;
      }
      var left = x - boxRect.left + 14;
      var top = y - boxRect.top + 14;
      var tipWidth = tip.offsetWidth;
      if (left + tipWidth > box.clientWidth) left = Math.max(0, x - boxRect.left - tipWidth - 14);
      // CSSOM (allowed by the page's Content-Security-Policy, unlike style attributes).
      tip.style.left = left + 'px';
      tip.style.top = top + 'px';
    }

    function focus(svg, i) {
      var d = drawn.get(svg);
      if (!d || !d.groups[i]) return;
      d.groups.forEach(function (g, j) { g.setAttribute('tabindex', j === i ? '0' : '-1'); });
      d.groups[i].focus();
      describe(d.groups[i]);
    }

    function parentIndex(d, i) {
      var p = d.placed[i];
      var parent = p.node.parent;
      var at = parent ? d.index.get(parent) : undefined;
      return at === undefined ? (i > 0 ? 0 : undefined) : at;
    }

    function sibling(d, i, step) {
      var depth = d.placed[i].depth;
      var row = [];
      d.placed.forEach(function (p, j) { if (p.depth === depth) row.push(j); });
      row.sort(function (a, b) { return d.placed[a].x - d.placed[b].x; });
      return row[row.indexOf(i) + step];
    }

    function firstChild(d, i) {
      for (var j = 0; j < d.placed.length; j++) if (parentIndex(d, j) === i && j !== i) return j;
      return undefined;
    }

    function onKey(event) {
      var g = event.target instanceof Element ? event.target.closest('.fg-frame') : null;
      var f = g && frameAt(g);
      if (!f) return;
      var next;
      var inverted = f.svg.classList.contains('fg-callers');
      switch (event.key) {
        case 'Enter':
        case ' ':
          zoom(g);
          break;
        case 'Escape':
          reset(true);
          break;
        case 'o':
        case 'O':
          openFrom(g);
          break;
        case 'ArrowUp':
          next = inverted ? firstChild(f.d, f.i) : parentIndex(f.d, f.i);
          break;
        case 'ArrowDown':
          next = inverted ? parentIndex(f.d, f.i) : firstChild(f.d, f.i);
          break;
        case 'ArrowLeft':
          next = sibling(f.d, f.i, -1);
          break;
        case 'ArrowRight':
          next = sibling(f.d, f.i, 1);
          break;
        case 'Home':
          next = 0;
          break;
        default:
          return;
      }
      event.preventDefault();
      if (next !== undefined && next >= 0) focus(f.svg, next);
    }

    box.addEventListener('keydown', function (event) {
      var row = event.target instanceof Element ? event.target.closest('.fg-function') : null;
      if (row && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        selectFunction(row.getAttribute('data-key'));
        return;
      }
      if (event.target === search && event.key === 'Escape') {
        search.value = '';
        state.query = '';
        render();
        return;
      }
      onKey(event);
    });
    box.addEventListener('click', function (event) {
      var target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      var viewButton = target.closest('.fg-view');
      if (viewButton) return setView(viewButton.getAttribute('data-view'));
      var row = target.closest('.fg-function');
      if (row) return selectFunction(row.getAttribute('data-key'));
      var g = target.closest('.fg-frame');
      if (g) zoom(g);
    });
    box.addEventListener('focusin', function (event) {
      var g = event.target instanceof Element ? event.target.closest('.fg-frame') : null;
      if (g) describe(g);
    });
    box.addEventListener('mousemove', function (event) {
      var g = event.target instanceof Element ? event.target.closest('.fg-frame') : null;
      if (g) describe(g, event.clientX, event.clientY);
      else hideTip();
    });
    box.addEventListener('mouseleave', hideTip);
    if (search) {
      search.addEventListener('input', function () {
        state.query = search.value.trim();
        render();
      });
    }
    [collapse, waiting].forEach(function (input) {
      if (input) input.addEventListener('change', render);
    });
    var lastWidth = 0;
    window.addEventListener('resize', function () {
      var w = mainSvg ? width(mainSvg) : 0;
      if (Math.abs(w - lastWidth) < 1) return;
      lastWidth = w;
      render();
    });
    render();
    lastWidth = mainSvg ? width(mainSvg) : 0;
    return { zoom: zoom, reset: reset };
  })();

  post({ type: 'ready' });
})();

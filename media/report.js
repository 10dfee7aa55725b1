// Boundwise report page: the VS Code webview and the self-contained HTML file run this script.
// In the webview it posts messages to the extension:
//   {type:'ready'} once loaded, {type:'open', file, line} for a hotspot, blocking site or flame frame,
//   {type:'rerun'}, {type:'export', format:'html'|'json'|'cpuprofile'}.
// It listens for {type:'busy', busy:boolean} to disable Re-run while a run is in progress.
// Standalone (no acquireVsCodeApi) it hides those actions and keeps the flame graph interactive.
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
    var frame = target.closest('.fg-frame');
    if (frame) flame.zoom(frame);
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

  // Flame graph: zoom into a frame, keyboard navigation (roving tabindex), details line.
  var flame = (function () {
    var svg = document.querySelector('.fg-svg');
    var details = document.querySelector('.fg-details');
    var frames = svg ? Array.prototype.slice.call(svg.querySelectorAll('.fg-frame')) : [];
    var defaultDetails = details ? details.textContent : '';
    var info = frames.map(function (g) {
      return {
        g: g,
        box: g.querySelector('svg'),
        parent: parseInt(g.getAttribute('data-parent'), 10),
        depth: parseInt(g.getAttribute('data-depth'), 10),
        x: parseFloat(g.getAttribute('data-x')),
        w: parseFloat(g.getAttribute('data-w')),
        children: [],
        vx: 0,
        vw: 0,
      };
    });
    info.forEach(function (f, i) {
      if (f.parent >= 0 && info[f.parent]) info[f.parent].children.push(i);
    });
    var zoomed = 0;

    function width() {
      return svg ? svg.getBoundingClientRect().width || 1000 : 1000;
    }

    function place(f, x, w) {
      f.vx = x;
      f.vw = w;
      var visible = w > 0;
      f.g.classList.toggle('fg-hidden', !visible);
      if (!visible) return;
      f.box.setAttribute('x', (x * 100).toFixed(4) + '%');
      f.box.setAttribute('width', (w * 100).toFixed(4) + '%');
      f.g.classList.toggle('fg-narrow', w * width() < 28);
    }

    function apply() {
      var target = info[zoomed];
      if (!target) return;
      var ancestors = {};
      for (var a = target.parent; a >= 0; a = info[a].parent) ancestors[a] = true;
      var eps = 1e-7;
      info.forEach(function (f, i) {
        if (ancestors[i]) {
          place(f, 0, 1);
          f.g.classList.add('fg-dim');
        } else if (f.depth >= target.depth && f.x >= target.x - eps && f.x + f.w <= target.x + target.w + eps) {
          place(f, (f.x - target.x) / target.w, f.w / target.w);
          f.g.classList.remove('fg-dim');
        } else {
          place(f, 0, 0);
        }
      });
    }

    function zoom(g) {
      var i = frames.indexOf(g);
      if (i < 0) return;
      zoomed = i;
      apply();
      focus(i);
    }

    function reset(focusRoot) {
      zoomed = 0;
      apply();
      if (focusRoot) focus(0);
    }

    function describe(i) {
      var g = frames[i];
      if (!details || !g) return;
      details.textContent = g.getAttribute('data-label') + '  \u00b7  self ' + g.getAttribute('data-self') +
        '  \u00b7  total ' + g.getAttribute('data-total') + ' (' + g.getAttribute('data-share') + ')';
    }

    function focus(i) {
      if (!frames[i] || frames[i].classList.contains('fg-hidden')) return;
      frames.forEach(function (g, j) {
        g.setAttribute('tabindex', j === i ? '0' : '-1');
      });
      frames[i].focus();
      describe(i);
    }

    function visible(i) {
      return info[i] && !info[i].g.classList.contains('fg-hidden');
    }

    function sibling(i, step) {
      var f = info[i];
      var row = [];
      info.forEach(function (o, j) {
        if (o.depth === f.depth && visible(j)) row.push(j);
      });
      row.sort(function (a, b) { return info[a].vx - info[b].vx; });
      var at = row.indexOf(i);
      return row[at + step];
    }

    function onKey(event) {
      var i = frames.indexOf(event.currentTarget);
      var next;
      switch (event.key) {
        case 'Enter':
        case ' ':
          zoom(frames[i]);
          break;
        case 'Escape':
          reset(true);
          break;
        case 'o':
        case 'O':
          openFrom(frames[i]);
          break;
        case 'ArrowUp':
          next = info[i].parent;
          break;
        case 'ArrowDown':
          next = info[i].children.filter(visible)[0];
          break;
        case 'ArrowLeft':
          next = sibling(i, -1);
          break;
        case 'ArrowRight':
          next = sibling(i, 1);
          break;
        case 'Home':
          next = 0;
          break;
        default:
          return;
      }
      event.preventDefault();
      if (next !== undefined && next >= 0) focus(next);
    }

    frames.forEach(function (g, i) {
      g.addEventListener('keydown', onKey);
      g.addEventListener('mouseenter', function () { describe(i); });
      g.addEventListener('focus', function () { describe(i); });
    });
    if (svg) {
      svg.addEventListener('mouseleave', function () {
        if (details && document.activeElement && frames.indexOf(document.activeElement) < 0) details.textContent = defaultDetails;
      });
      window.addEventListener('resize', function () {
        info.forEach(function (f) { if (f.vw > 0) f.g.classList.toggle('fg-narrow', f.vw * width() < 28); });
      });
    }
    reset(false);
    return { zoom: zoom, reset: reset };
  })();

  post({ type: 'ready' });
})();

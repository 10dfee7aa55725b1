// Boundwise flame graph model: the call tree the report embeds (see src/report/flameView.ts) and
// the views users of speedscope and 0x expect, as plain data: a left-heavy (merged) layout, runtime
// frames collapsed, waiting left out or kept, search, and a sandwich (a function's callers and
// callees). No DOM here: media/report.js draws what these functions return, and mocha tests
// require this file directly.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.BoundwiseFlame = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /**
   * A node: { key, name, file, shown, openable, line, kind, selfCpu, selfWait, totalCpu, totalWait,
   * children, parent, folded } with times in ms. `folded` counts the runtime frames collapsed into it.
   */
  function node(fields) {
    return {
      key: fields.name + '\0' + fields.file + '\0' + fields.line,
      name: fields.name,
      file: fields.file,
      shown: fields.shown,
      openable: !!fields.openable,
      line: fields.line,
      kind: fields.kind,
      selfCpu: fields.selfCpu || 0,
      selfWait: fields.selfWait || 0,
      totalCpu: 0,
      totalWait: 0,
      children: [],
      parent: null,
      folded: fields.folded || 0,
      innermost: fields.innermost || '',
    };
  }

  function total(n) {
    return n.totalCpu + n.totalWait;
  }

  /** Sums totals bottom-up, drops empty frames and orders children widest first (left heavy). */
  function finish(n) {
    n.totalCpu = n.selfCpu;
    n.totalWait = n.selfWait;
    for (var i = 0; i < n.children.length; i++) {
      var c = n.children[i];
      c.parent = n;
      finish(c);
      n.totalCpu += c.totalCpu;
      n.totalWait += c.totalWait;
    }
    n.children = n.children.filter(function (c) { return total(c) > 0; });
    n.children.sort(function (a, b) { return total(b) - total(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0); });
    return n;
  }

  /** The embedded data (names and files interned, frames in depth-first order, parent indexes) as a tree. */
  function decode(data) {
    var frames = (data && data.frames) || [];
    var nodes = [];
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      var file = data.files[f[1]] || ['', '', 0];
      var n = node({
        name: data.names[f[0]], file: file[0], shown: file[1], openable: file[2] === 1, line: f[2],
        kind: data.kinds[f[3]], selfCpu: f[5], selfWait: f[6],
      });
      nodes.push(n);
      if (f[4] >= 0 && nodes[f[4]]) nodes[f[4]].children.push(n);
    }
    var rootNode = nodes[0] || node({ name: 'all', file: '', shown: '', line: 0, kind: 'root' });
    return finish(rootNode);
  }

  function copyOf(n) {
    return node({
      name: n.name, file: n.file, shown: n.shown, openable: n.openable, line: n.line, kind: n.kind,
      selfCpu: n.selfCpu, selfWait: n.selfWait, folded: n.folded, innermost: n.innermost,
    });
  }

  /** Adds `n` (a fresh copy) to `siblings`, merging it into a sibling with the same function and location. */
  function mergeInto(siblings, n) {
    for (var i = 0; i < siblings.length; i++) {
      var s = siblings[i];
      if (s.key === n.key) {
        s.selfCpu += n.selfCpu;
        s.selfWait += n.selfWait;
        s.folded = Math.max(s.folded, n.folded);
        if (n.innermost && !s.innermost) s.innermost = n.innermost;
        for (var j = 0; j < n.children.length; j++) mergeInto(s.children, n.children[j]);
        return s;
      }
    }
    siblings.push(n);
    return n;
  }

  /**
   * Collapses each chain of runtime frames (standard library, import machinery, node: internals,
   * native code) into its outermost frame: an import that went 36 frames deep through
   * importlib and the standard library becomes one frame, and the code it reached (yours or a
   * library's) hangs below it. Time is kept: the folded frames' own time becomes the frame's.
   */
  function collapseRuntime(tree) {
    function build(n) {
      var out = copyOf(n);
      absorb(out, n.children, 0);
      return out;
    }
    function absorb(out, children, depth) {
      for (var i = 0; i < children.length; i++) {
        var c = children[i];
        if (out.kind === 'runtime' && c.kind === 'runtime') {
          out.selfCpu += c.selfCpu;
          out.selfWait += c.selfWait;
          if (depth + 1 > out.folded) {
            out.folded = depth + 1;
            out.innermost = c.name;
          }
          absorb(out, c.children, depth + 1);
        } else {
          mergeInto(out.children, build(c));
        }
      }
    }
    return finish(build(tree));
  }

  /** The tree with waiting time left out: on-CPU frames only. */
  function withoutWaiting(tree) {
    function build(n) {
      var out = copyOf(n);
      out.selfWait = 0;
      for (var i = 0; i < n.children.length; i++) if (n.children[i].totalCpu > 0) out.children.push(build(n.children[i]));
      return out;
    }
    return finish(build(tree));
  }

  /**
   * Left-heavy layout of `base` (the zoomed frame, or the root): every frame at least `minFraction`
   * of base's width, as { node, x, w, depth } with x and w fractions of that width. Deeper rows
   * exist only where a frame is wide enough to draw, so a deep stack of 1-px frames does not set
   * the graph's height. Ancestors of `base` come first at full width (depth 0..k-1). Rows beyond
   * `maxRows` are not laid out (the result's `cut` says so); zooming in reaches them.
   */
  function layout(base, minFraction, maxFrames, maxRows) {
    var out = [];
    var ancestors = [];
    for (var a = base.parent; a; a = a.parent) ancestors.unshift(a);
    for (var i = 0; i < ancestors.length; i++) out.push({ node: ancestors[i], x: 0, w: 1, depth: i, ancestor: true });
    var baseTotal = total(base);
    if (baseTotal <= 0) return out;
    var limit = maxFrames || 4000;
    var rows = maxRows || 200;
    var queue = [{ node: base, x: 0, w: 1, depth: ancestors.length }];
    while (queue.length && out.length < limit) {
      var item = queue.shift();
      out.push(item);
      var x = item.x;
      for (var j = 0; j < item.node.children.length; j++) {
        var c = item.node.children[j];
        var w = total(c) / baseTotal;
        if (w >= minFraction) {
          if (item.depth + 1 < rows) queue.push({ node: c, x: x, w: w, depth: item.depth + 1 });
          else out.cut = true;
        }
        x += w;
      }
    }
    return out;
  }

  function matcher(query) {
    var q = String(query || '').trim();
    if (!q) return null;
    var lower = q.toLowerCase();
    return function (n) {
      return n.kind !== 'root' && ((n.name && n.name.toLowerCase().indexOf(lower) >= 0) || (n.shown && n.shown.toLowerCase().indexOf(lower) >= 0));
    };
  }

  /**
   * Frames whose name or location contains `query` (case-insensitive), and the time they cover:
   * a match inside another match is not counted twice.
   */
  function search(tree, query) {
    var matches = matcher(query);
    var found = [];
    var cpu = 0;
    var wait = 0;
    if (!matches) return { matches: found, cpu: 0, wait: 0 };
    (function walk(n, inside) {
      var hit = matches(n);
      if (hit) {
        found.push(n);
        if (!inside) {
          cpu += n.totalCpu;
          wait += n.totalWait;
        }
      }
      for (var i = 0; i < n.children.length; i++) walk(n.children[i], inside || hit);
    })(tree, false);
    return { matches: found, cpu: cpu, wait: wait };
  }

  /** Outermost instances of each function: a recursive call inside itself is not counted again. */
  function instancesByKey(tree) {
    var byKey = {};
    (function walk(n, open) {
      var outer = n.kind !== 'root' && !open[n.key];
      if (n.kind !== 'root') {
        var entry = byKey[n.key] || (byKey[n.key] = { key: n.key, name: n.name, file: n.file, shown: n.shown, openable: n.openable, line: n.line, kind: n.kind, selfCpu: 0, selfWait: 0, totalCpu: 0, totalWait: 0, outer: [] });
        entry.selfCpu += n.selfCpu;
        entry.selfWait += n.selfWait;
        if (outer) {
          entry.totalCpu += n.totalCpu;
          entry.totalWait += n.totalWait;
          entry.outer.push(n);
        }
      }
      if (outer) open[n.key] = true;
      for (var i = 0; i < n.children.length; i++) walk(n.children[i], open);
      if (outer) delete open[n.key];
    })(tree, {});
    return byKey;
  }

  /** Every function with its self and total time (the sandwich view's table), most self time first. */
  function functionsOf(tree) {
    var byKey = instancesByKey(tree);
    return Object.keys(byKey).map(function (k) { return byKey[k]; }).sort(function (a, b) {
      return (b.selfCpu + b.selfWait) - (a.selfCpu + a.selfWait) || (b.totalCpu + b.totalWait) - (a.totalCpu + a.totalWait);
    });
  }

  /**
   * The sandwich of one function: `callees`, its outermost calls merged (the function at the top,
   * what it called below), and `callers`, the stacks that led to it merged and inverted (the
   * function at the bottom, who called it above). Both weigh what the function's calls took.
   */
  function sandwich(tree, key) {
    var entry = instancesByKey(tree)[key];
    if (!entry) return null;
    var first = entry.outer[0];
    var callees = copyOf(first);
    callees.selfCpu = 0;
    callees.selfWait = 0;
    var callers = copyOf(first);
    callers.selfCpu = 0;
    callers.selfWait = 0;
    for (var i = 0; i < entry.outer.length; i++) {
      var inst = entry.outer[i];
      var whole = copyDeep(inst);
      callees.selfCpu += whole.selfCpu;
      callees.selfWait += whole.selfWait;
      for (var j = 0; j < whole.children.length; j++) mergeInto(callees.children, whole.children[j]);
      // Walk up from the call: each caller carries the call's whole time.
      var at = callers;
      var p = inst.parent;
      if (!p || p.kind === 'root') {
        callers.selfCpu += inst.totalCpu;
        callers.selfWait += inst.totalWait;
      }
      for (; p && p.kind !== 'root'; p = p.parent) {
        var step = copyOf(p);
        step.selfCpu = 0;
        step.selfWait = 0;
        at = mergeInto(at.children, step);
        if (!p.parent || p.parent.kind === 'root') {
          at.selfCpu += inst.totalCpu;
          at.selfWait += inst.totalWait;
        }
      }
    }
    return { entry: entry, callees: finish(callees), callers: finish(callers) };
  }

  function copyDeep(n) {
    var out = copyOf(n);
    for (var i = 0; i < n.children.length; i++) out.children.push(copyDeep(n.children[i]));
    return out;
  }

  // Durations and shares as the rest of the report writes them (src/report/format.ts; a test keeps
  // the two in step).
  function formatMs(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) return '\u2013';
    var abs = Math.abs(ms);
    if (abs < 1) return ms.toFixed(abs === 0 ? 0 : 1) + ' ms';
    if (abs < 1000) return Math.round(ms) + ' ms';
    if (abs < 10000) return (ms / 1000).toFixed(2) + ' s';
    if (abs < 120000) return (ms / 1000).toFixed(1) + ' s';
    var min = Math.floor(ms / 60000);
    return min + ' min ' + Math.round((ms - min * 60000) / 1000) + ' s';
  }

  function formatPercent(fraction) {
    if (typeof fraction !== 'number' || !isFinite(fraction)) return '\u2013';
    var pct = fraction * 100;
    return pct !== 0 && Math.abs(pct) < 10 ? pct.toFixed(1) + '%' : Math.round(pct) + '%';
  }

  /**
   * What the root frame holds, as its label: the wall time sampled, split into on CPU and waiting
   * when both are there; all on CPU only when the profile tells the two apart (`cpuKnown`), else
   * wall time (a Python profile without its per-sample flags).
   */
  function rootLabel(n, cpuKnown) {
    var all = total(n);
    if (!cpuKnown) return 'all \u00b7 ' + formatMs(all) + ' of wall time (on CPU and waiting not told apart)';
    return n.totalWait > 0
      ? 'all \u00b7 ' + formatMs(all) + ': ' + formatMs(n.totalCpu) + ' on CPU, ' + formatMs(n.totalWait) + ' waiting'
      : 'all \u00b7 ' + formatMs(all) + ' on CPU';
  }

  /** Depth of the deepest row a layout draws, plus one. */
  function rowsOf(placed) {
    var rows = 0;
    for (var i = 0; i < placed.length; i++) rows = Math.max(rows, placed[i].depth + 1);
    return rows;
  }

  return {
    decode: decode,
    collapseRuntime: collapseRuntime,
    withoutWaiting: withoutWaiting,
    layout: layout,
    search: search,
    functionsOf: functionsOf,
    sandwich: sandwich,
    rowsOf: rowsOf,
    rootLabel: rootLabel,
    total: total,
    formatMs: formatMs,
    formatPercent: formatPercent,
  };
});

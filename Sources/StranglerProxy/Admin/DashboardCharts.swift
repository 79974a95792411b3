/// The dashboard's SVG charts, drawn by script: traffic split over time (stacked bars per 10 s bucket, 5xx
/// line), match rate over time (per minute), and both sides' latency distributions overlaid on a log axis.
/// Each `<svg>` carries `data-chart` and the totals it drew (`data-legacy`, `data-new`, `data-points`, …).
enum DashboardCharts {
    static let source = #"""

        const Charts = (() => {
          const NS = "http://www.w3.org/2000/svg";
          const L = 44, R = 12, T = 22, B = 26;
          // Card charts are 420 x 200; the wide unclaimed chart passes its own size. Set per chart drawn.
          let W = 420, H = 200, PW = W - L - R, PH = H - T - B;
          function size(w, h) { W = w; H = h; PW = W - L - R; PH = H - T - B; }
          const COLORS = { legacy: "#2563eb", new: "#ea580c", error: "#dc2626", match: "#16a34a" };

          function s(tag, attrs, text) {
            const node = document.createElementNS(NS, tag);
            for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
            if (text !== undefined) node.textContent = text;
            return node;
          }
          const n = (v) => (Math.round(v * 10) / 10).toString();

          function frame(kind, attrs, w, h) {
            size(w || 420, h || 200);
            const svg = s("svg", Object.assign({ viewBox: "0 0 " + W + " " + H, "data-chart": kind,
              role: "img" }, attrs));
            return svg;
          }

          function yAxis(svg, max, label, format) {
            for (const f of [0, 0.25, 0.5, 0.75, 1]) {
              const y = T + PH * (1 - f);
              svg.append(s("line", { class: "grid", x1: L, x2: L + PW, y1: n(y), y2: n(y) }));
              svg.append(s("text", { x: L - 4, y: n(y + 3.5), "text-anchor": "end" }, format(max * f)));
            }
            svg.append(s("text", { x: 2, y: 12 }, label));
            svg.append(s("rect", { class: "axis", x: L, y: T, width: PW, height: PH }));
          }

          function timeAxis(svg, domain) {
            const x = (t) => L + (t - domain[0]) / (domain[1] - domain[0]) * PW;
            const seconds = domain[1] - domain[0] <= 600;
            for (const t of [domain[0], (domain[0] + domain[1]) / 2, domain[1]]) {
              const label = new Date(t * 1000).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit",
                second: seconds ? "2-digit" : undefined });
              const anchor = t === domain[0] ? "start" : t === domain[1] ? "end" : "middle";
              svg.append(s("text", { x: n(x(t)), y: H - 8, "text-anchor": anchor }, label));
            }
            return x;
          }

          function placeholder(svg, text) {
            svg.setAttribute("data-empty", "true");
            svg.append(s("text", { class: "placeholder", x: L + PW / 2, y: T + PH / 2, "text-anchor": "middle" },
              text));
          }

          function legend(svg, items) {
            let x = L + PW;
            for (const [label, color] of items.slice().reverse()) {
              const text = s("text", { x: x, y: 12, "text-anchor": "end" }, label);
              svg.append(text);
              x -= label.length * 6.2 + 6;
              svg.append(s("rect", { x: n(x - 9), y: 4, width: 9, height: 9, rx: 2, fill: color }));
              x -= 18;
            }
          }

          function niceMax(v) {
            if (v <= 0) return 1;
            const p = Math.pow(10, Math.floor(Math.log10(v)));
            for (const m of [1, 2, 4, 6, 8, 10]) if (v <= m * p) return m * p;
            return 10 * p;
          }

          /// Requests per second per bucket, legacy stacked under new, 5xx as a red line.
          function traffic(series, domain, split, kind, w, h) {
            const bucket = series.length > 1 ? series[1].t - series[0].t : 10;
            const sum = (key) => series.reduce((a, p) => a + p[key], 0);
            const legacy = sum("legacy"), fresh = sum("new"), errors = sum("errors");
            const svg = frame(kind || "traffic", { "data-points": series.length, "data-legacy": legacy,
              "data-new": fresh, "data-errors": errors }, w, h);
            const peak = niceMax(Math.max(0, ...series.map((p) => (p.legacy + p.new) / bucket)));
            const fmtRate = (v) => String(+v.toFixed(2));
            yAxis(svg, peak, "req/s", fmtRate);
            const x = timeAxis(svg, domain);
            const y = (v) => T + PH * (1 - v / peak);
            if (legacy + fresh === 0) { placeholder(svg, "no requests yet"); return svg; }
            const width = Math.max(1, PW * bucket / (domain[1] - domain[0]) - 0.6);
            for (const p of series) {
              const x0 = x(p.t), l = p.legacy / bucket, r = p.new / bucket;
              if (l > 0) svg.append(s("rect", { class: "bar-legacy", x: n(x0), y: n(y(l)), width: n(width),
                height: n(PH - (y(l) - T)), fill: COLORS.legacy }));
              if (r > 0) svg.append(s("rect", { class: "bar-new", x: n(x0), y: n(y(l + r)), width: n(width),
                height: n(y(l) - y(l + r)), fill: COLORS.new }));
            }
            if (errors > 0) {
              const d = series.map((p, i) => (i ? "L" : "M") + n(x(p.t) + width / 2) + "," + n(y(p.errors / bucket)));
              svg.append(s("path", { class: "line-errors", d: d.join(" "), fill: "none", stroke: COLORS.error,
                "stroke-width": 1.5 }));
            }
            const items = split
              ? [["legacy " + Math.round(legacy * 100 / (legacy + fresh)) + "%", COLORS.legacy],
                 ["new " + Math.round(fresh * 100 / (legacy + fresh)) + "%", COLORS.new]]
              : [["fallback (legacy)", COLORS.legacy]];
            if (errors > 0) items.push(["5xx " + errors, COLORS.error]);
            legend(svg, items);
            return svg;
          }

          /// Share of agreeing answers per minute, 0–100 %.
          function match(points, domain) {
            const usable = (points || []).filter((p) => p.match_pct != null);
            const last = usable.length ? usable[usable.length - 1].match_pct : null;
            const svg = frame("match", { "data-points": usable.length, "data-last": last == null ? "" : last,
              "data-samples": usable.reduce((a, p) => a + p.samples, 0) });
            yAxis(svg, 100, "match %", (v) => v.toFixed(0) + "%");
            const x = timeAxis(svg, domain);
            const y = (v) => T + PH * (1 - v / 100);
            if (!usable.length) { placeholder(svg, "no shadow comparisons yet"); return svg; }
            const px = (p) => Math.min(L + PW - 3, Math.max(L + 3, x(p.t + 30)));
            const d = usable.map((p, i) => (i ? "L" : "M") + n(px(p)) + "," + n(y(p.match_pct)));
            svg.append(s("path", { class: "line-match", d: d.join(" "), fill: "none", stroke: COLORS.match,
              "stroke-width": 2 }));
            for (const p of usable) {
              const dot = s("circle", { class: "dot-match", cx: n(px(p)), cy: n(y(p.match_pct)), r: 3.2,
                fill: COLORS.match });
              dot.append(s("title", {}, p.match_pct.toFixed(1) + "% of " + p.answered));
              svg.append(dot);
            }
            legend(svg, [["match " + last.toFixed(1) + "%", COLORS.match]]);
            return svg;
          }

          /// Share of each side's responses per latency bucket, overlaid, with p99 markers.
          function latency(hist, shadow) {
            const edges = hist ? hist.buckets_ms : [];
            const sum = (a) => a.reduce((x, y) => x + y, 0);
            const legacyCount = hist ? sum(hist.legacy) : 0, newCount = hist ? sum(hist.new) : 0;
            const svg = frame("latency", { "data-buckets": Math.max(0, edges.length - 1),
              "data-legacy-count": legacyCount, "data-new-count": newCount });
            const shares = (counts, total) => counts.map((c) => (total ? c * 100 / total : 0));
            const ls = hist ? shares(hist.legacy, legacyCount) : [], ns = hist ? shares(hist.new, newCount) : [];
            const peak = niceMax(Math.max(1, ...ls, ...ns));
            yAxis(svg, peak, "% of responses", (v) => String(+v.toFixed(2)) + "%");
            if (edges.length < 2 || legacyCount + newCount === 0) {
              placeholder(svg, "no latency samples yet");
              return svg;
            }
            const lo = edges[0], hi = edges[edges.length - 1];
            const x = (ms) => L + PW * Math.log(Math.max(ms, lo) / lo) / Math.log(hi / lo);
            const y = (v) => T + PH * (1 - v / peak);
            for (let decade = Math.pow(10, Math.floor(Math.log10(lo))); decade <= hi; decade *= 10) {
              for (const m of [1, 2, 5]) {
                const v = decade * m;
                if (v < lo || v > hi) continue;
                svg.append(s("line", { class: "grid", x1: n(x(v)), x2: n(x(v)), y1: T, y2: T + PH }));
                svg.append(s("text", { x: n(x(v)), y: H - 8, "text-anchor": "middle" }, String(+v.toPrecision(3))));
              }
            }
            for (const [side, values, total] of [["legacy", ls, legacyCount], ["new", ns, newCount]]) {
              if (!total) continue;
              let d = "M" + n(x(lo)) + "," + n(y(0));
              values.forEach((v, i) => { d += " L" + n(x(edges[i])) + "," + n(y(v)) + " L" + n(x(edges[i + 1])) +
                "," + n(y(v)); });
              d += " L" + n(x(hi)) + "," + n(y(0)) + " Z";
              svg.append(s("path", { class: "area-" + side, d: d, fill: COLORS[side], "fill-opacity": 0.28,
                stroke: COLORS[side], "stroke-width": 1.5 }));
            }
            const marks = shadow ? [["legacy", shadow.p99_legacy_ms], ["new", shadow.p99_new_ms]] : [];
            for (const [side, p99] of marks) {
              if (!(p99 > 0)) continue;
              const line = s("line", { class: "p99-" + side, x1: n(x(p99)), x2: n(x(p99)), y1: T, y2: T + PH,
                stroke: COLORS[side], "stroke-dasharray": "4 3", "stroke-width": 1.5 });
              line.append(s("title", {}, side + " p99 " + p99 + " ms"));
              svg.append(line);
            }
            legend(svg, [["legacy p99 " + fmt.ms(shadow.p99_legacy_ms), COLORS.legacy],
              ["new p99 " + fmt.ms(shadow.p99_new_ms), COLORS.new]]);
            return svg;
          }

          return { traffic, match, latency };
        })();
        refresh();
        """#
}

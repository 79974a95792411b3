/// The dashboard's script: polls `GET /admin/overview` every two seconds with the page's token as a bearer
/// header, and renders the cards. Data is only ever put in the page as text or attributes (no HTML from data).
enum DashboardScript {
    static let source = #"""
        "use strict";
        const TOKEN = new URLSearchParams(location.search).get("token") || "";
        const REFRESH_MS = 2000;
        let updates = 0;

        function h(tag, attrs, text) {
          const node = document.createElement(tag);
          for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
          if (text !== undefined) node.textContent = text;
          return node;
        }

        const fmt = {
          pct(v) { return v == null ? "—" : (v >= 99.95 || v === 0 ? v.toFixed(0) : v.toFixed(1)) + "%"; },
          share(v) { return v == null ? "—" : (v * 100).toFixed(v * 100 % 1 === 0 ? 0 : 1) + "%"; },
          ratio(v) { return v == null ? "—" : v.toFixed(v < 1 ? 2 : 1) + "×"; },
          ms(v) {
            if (v == null || v === 0) return "—";
            return (v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) + " ms";
          },
          count(v) { return v == null ? "—" : v.toLocaleString("en-US"); },
          rate(v) { return v == null ? "—" : (v < 10 ? v.toFixed(1) : v.toFixed(0)) + "/s"; },
          duration(s) {
            if (s < 60) return Math.floor(s) + " s";
            if (s < 3600) return Math.floor(s / 60) + " min";
            if (s < 86400) return Math.floor(s / 3600) + " h " + Math.floor(s % 3600 / 60) + " min";
            return Math.floor(s / 86400) + " d";
          },
          ago(iso) {
            const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
            return s < 5 ? "just now" : fmt.duration(s) + " ago";
          },
        };

        /// Sets a figure's text and raw value (empty attribute for "no value").
        function setField(root, name, value, text, cls) {
          const node = root.querySelector('[data-field="' + name + '"]');
          if (!node) return;
          node.setAttribute("data-value", value == null ? "" : String(value));
          node.textContent = text;
          node.classList.remove("good", "bad");
          if (cls) node.classList.add(cls);
        }

        function stat(field, label) {
          const box = h("div", { class: "stat" });
          box.append(h("span", { class: "label" }, label), h("span", { class: "value", "data-field": field,
            "data-value": "" }, "—"));
          return box;
        }

        function chartBox(slot, title) {
          const box = h("div", { class: "chart-box", "data-slot": slot });
          box.append(h("p", { class: "chart-title" }, title));
          return box;
        }

        function makeCard(name) {
          const card = h("section", { class: "card feature", "data-feature": name });
          const head = h("div", { class: "card-head" });
          head.append(h("h2", {}, name), h("span", { class: "badge mode", "data-field": "mode", "data-value": "" },
            "—"), h("span", { class: "hint", "data-field": "percent", "data-value": "" }, ""),
            h("span", { class: "badge verdict none", "data-field": "verdict", "data-value": "" }, "no verdict"));
          const stats = h("div", { class: "stats" });
          stats.append(stat("new_share_recent", "new share, 5 min"), stat("requests_recent", "requests, 5 min"),
            stat("errors_recent", "5xx, 5 min"), stat("samples", "shadow samples"), stat("match_pct", "match"),
            stat("p99_legacy_ms", "p99 legacy"), stat("p99_new_ms", "p99 new"), stat("p99_ratio", "p99 ratio"));
          const flip = h("div", { class: "flip", "data-field": "last_flip", "data-value": "" }, "no flips recorded");
          const charts = h("div", { class: "charts" });
          charts.append(chartBox("traffic", "Traffic split over time (requests/s)"),
            chartBox("match", "Match rate over time (per minute)"),
            chartBox("latency", "Latency distribution per side (ms, log scale)"));
          card.append(head, stats, flip, charts);
          return card;
        }

        function replaceChart(root, slot, svg) {
          const box = root.querySelector('[data-slot="' + slot + '"]');
          const old = box.querySelector("svg");
          if (old) old.replaceWith(svg); else box.append(svg);
        }

        function renderFeature(card, f, domain) {
          const mode = card.querySelector('[data-field="mode"]');
          mode.className = "badge mode mode-" + f.mode;
          setField(card, "mode", f.mode, f.mode);
          setField(card, "percent", f.percent, f.mode === "canary" ? f.percent + "% of users to new" : "");
          setField(card, "new_share_recent", f.new_share_recent, fmt.share(f.new_share_recent));
          setField(card, "requests_recent", f.requests_recent, fmt.count(f.requests_recent));
          setField(card, "errors_recent", f.errors_recent, fmt.count(f.errors_recent),
            f.errors_recent > 0 ? "bad" : null);
          const s = f.shadow;
          const has = s && s.samples > 0;
          setField(card, "samples", s ? s.samples : null, s ? fmt.count(s.samples) : "—");
          setField(card, "match_pct", has ? s.match_pct : null, has ? fmt.pct(s.match_pct) : "—",
            has ? (s.match_pct >= 99 ? "good" : "bad") : null);
          setField(card, "p99_legacy_ms", has ? s.p99_legacy_ms : null, has ? fmt.ms(s.p99_legacy_ms) : "—");
          setField(card, "p99_new_ms", has ? s.p99_new_ms : null, has ? fmt.ms(s.p99_new_ms) : "—");
          setField(card, "p99_ratio", has ? s.p99_ratio : null, has ? fmt.ratio(s.p99_ratio) : "—",
            has && s.p99_ratio != null ? (s.p99_ratio <= 1.5 ? "good" : "bad") : null);
          const verdict = card.querySelector('[data-field="verdict"]');
          verdict.className = "badge verdict " + (!s ? "none" : s.verdict_ready ? "ready" : "not-ready");
          verdict.setAttribute("data-value", !s ? "" : s.verdict_ready ? "ready" : "not-ready");
          verdict.textContent = !s ? "no verdict" : s.verdict_text;
          const flip = card.querySelector('[data-field="last_flip"]');
          flip.textContent = "";
          if (f.last_flip) {
            const l = f.last_flip;
            flip.setAttribute("data-value", String(l.revision));
            flip.append("last flip ", h("b", {}, "r" + l.revision), " · ", h("b", {}, l.from + " → " + l.to),
              " · " + l.trigger + " by " + l.actor + " · " + fmt.ago(l.at) + (l.reason ? " · “" + l.reason + "”" : ""));
          } else {
            flip.setAttribute("data-value", "");
            flip.textContent = "no flips recorded";
          }
          replaceChart(card, "traffic", Charts.traffic(f.series, domain, true));
          replaceChart(card, "match", Charts.match(s ? s.match_series : [], domain));
          replaceChart(card, "latency", Charts.latency(s ? s.latency_histogram : null, s));
        }

        function render(o) {
          const revision = document.getElementById("revision");
          revision.textContent = "r" + o.revision;
          revision.setAttribute("data-value", String(o.revision));
          const uptime = document.getElementById("uptime");
          uptime.textContent = fmt.duration(o.uptime_s);
          uptime.setAttribute("data-value", String(Math.floor(o.uptime_s)));
          const last = o.unclaimed.series.length ? o.unclaimed.series[o.unclaimed.series.length - 1].t : 0;
          const first = o.unclaimed.series.length ? o.unclaimed.series[0].t : last;
          const domain = [Math.min(first, last - 60), last + o.bucket_s];
          const u = document.getElementById("unclaimed");
          setField(u, "requests_recent", o.unclaimed.requests_recent, fmt.count(o.unclaimed.requests_recent));
          const tail = o.unclaimed.series.slice(-3);
          const rate = tail.reduce((a, p) => a + p.legacy + p.new, 0) / Math.max(1, tail.length * o.bucket_s);
          setField(u, "rate_now", rate, fmt.rate(rate));
          replaceChart(u, "unclaimed", Charts.traffic(o.unclaimed.series, domain, false, "unclaimed", 900, 150));
          const list = document.getElementById("features");
          const seen = new Set();
          for (const f of o.features) {
            seen.add(f.name);
            let card = list.querySelector('[data-feature="' + CSS.escape(f.name) + '"]');
            if (!card) { card = makeCard(f.name); list.append(card); }
            renderFeature(card, f, domain);
          }
          for (const card of list.querySelectorAll("[data-feature]")) {
            if (!seen.has(card.getAttribute("data-feature"))) card.remove();
          }
          const none = document.getElementById("no-features");
          none.textContent = o.features.length ? "" : "no features in the route table";
          none.hidden = o.features.length > 0;
        }

        function setStatus(state, text) {
          document.body.setAttribute("data-state", state);
          const status = document.getElementById("status");
          status.className = "status " + state;
          status.textContent = text;
        }

        async function refresh() {
          try {
            const response = await fetch("/admin/overview", { headers: { Authorization: "Bearer " + TOKEN },
              cache: "no-store" });
            if (!response.ok) throw new Error("/admin/overview answered " + response.status);
            render(await response.json());
            updates += 1;
            document.body.setAttribute("data-updates", String(updates));
            setStatus("live", "live · " + new Date().toLocaleTimeString("en-GB"));
          } catch (error) {
            setStatus("error", String(error.message || error));
          } finally {
            setTimeout(refresh, REFRESH_MS);
          }
        }
        """#
}

/// The live dashboard (`GET /admin/dashboard`): one self-contained page, inline CSS and script, charts drawn as
/// SVG by the script from `GET /admin/overview` every two seconds. No external assets: it works offline.
///
/// Every figure lands in the DOM twice: as text for people and as a `data-value` attribute (raw number) for
/// tests and scrapers; each chart is an `<svg data-chart="…">` carrying the totals it drew.
enum DashboardPage {
    /// The page, with `nonce` on its inline `<style>` and `<script>` (the response's CSP allows only those).
    static func html(nonce: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Strangler · migration dashboard</title>
        <style nonce="\(nonce)">\(self.css)</style>
        </head>
        <body data-state="loading" data-updates="0">
        <header>
          <h1>Strangler <span class="sub">migration dashboard</span></h1>
          <div class="meta">
            <span>table <b id="revision" data-value="">—</b></span>
            <span>up <b id="uptime" data-value="">—</b></span>
            <span id="status" class="status loading">connecting…</span>
          </div>
        </header>
        <main>
          <section id="unclaimed" class="card unclaimed">
            <div class="card-head">
              <h2>Still on legacy, claimed by no feature</h2>
              <span class="hint">what remains to migrate · requests the fallback answered</span>
            </div>
            <div class="unclaimed-body">
              <div class="stats">
                <div class="stat"><span class="label">requests, last 5 min</span>
                  <span class="value" data-field="requests_recent" data-value="">—</span></div>
                <div class="stat"><span class="label">rate now</span>
                  <span class="value" data-field="rate_now" data-value="">—</span></div>
              </div>
              <div class="chart-box wide" data-slot="unclaimed"></div>
            </div>
          </section>
          <div id="features"><p class="empty" id="no-features">waiting for /admin/overview…</p></div>
        </main>
        <footer>
          <span class="key legacy"></span> legacy <span class="key new"></span> new
          <span class="key error"></span> 5xx <span class="key match"></span> match rate ·
          traffic in 10 s buckets, match rate per minute, latency from shadow comparisons, last 30 min ·
          refreshes every 2 s
        </footer>
        <script nonce="\(nonce)">\(DashboardScript.source)\(DashboardCharts.source)</script>
        </body>
        </html>
        """
    }

    static let css = """
        :root { --legacy: #2563eb; --new: #ea580c; --error: #dc2626; --match: #16a34a; --ink: #1f2937;
          --muted: #6b7280; --line: #e5e7eb; --bg: #f3f4f6; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans",
          "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
        header { display: flex; justify-content: space-between; align-items: baseline; padding: 14px 24px;
          background: #111827; color: #f9fafb; }
        h1 { margin: 0; font-size: 20px; } h1 .sub { font-weight: normal; color: #9ca3af; font-size: 15px; }
        .meta { display: flex; gap: 18px; font-size: 13px; color: #d1d5db; } .meta b { color: #fff; }
        .status { padding: 2px 8px; border-radius: 10px; font-weight: 600; }
        .status.live { background: #065f46; color: #d1fae5; } .status.error { background: #7f1d1d; color: #fee2e2; }
        .status.loading { background: #374151; }
        main { padding: 16px 24px; display: flex; flex-direction: column; gap: 16px; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; }
        .card-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; margin-bottom: 10px; }
        h2 { margin: 0; font-size: 17px; } .hint { color: var(--muted); font-size: 12px; }
        .badge { padding: 2px 9px; border-radius: 10px; font-size: 12px; font-weight: 700; text-transform: uppercase; }
        .mode-legacy { background: #dbeafe; color: #1e3a8a; } .mode-shadow { background: #ede9fe; color: #4c1d95; }
        .mode-canary { background: #ffedd5; color: #9a3412; } .mode-new { background: #dcfce7; color: #14532d; }
        .verdict { margin-left: auto; } .verdict.ready { background: #16a34a; color: #fff; }
        .verdict.not-ready { background: #fee2e2; color: #991b1b; text-transform: none; font-weight: 600; }
        .verdict.none { background: #f3f4f6; color: var(--muted); text-transform: none; }
        .stats { display: flex; flex-wrap: wrap; gap: 6px 22px; margin-bottom: 8px; }
        .stat { display: flex; flex-direction: column; min-width: 92px; }
        .stat .label { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
        .stat .value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
        .stat .value.good { color: var(--match); } .stat .value.bad { color: var(--error); }
        .flip { font-size: 12.5px; color: var(--muted); margin-bottom: 8px; } .flip b { color: var(--ink); }
        .charts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 12px; }
        .chart-box { min-width: 0; } .chart-box svg { width: 100%; height: auto; display: block; }
        .chart-title { font-size: 12px; font-weight: 600; color: #374151; margin: 0 0 2px 2px; }
        .unclaimed-body { display: grid; grid-template-columns: 260px 1fr; gap: 12px; align-items: center; }
        .empty { color: var(--muted); }
        footer { padding: 4px 24px 18px; color: var(--muted); font-size: 12px; }
        .key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-left: 8px; }
        .key.legacy { background: var(--legacy); } .key.new { background: var(--new); }
        .key.error { background: var(--error); } .key.match { background: var(--match); }
        svg text { font: 10.5px system-ui, "Liberation Sans", "DejaVu Sans", sans-serif; fill: #4b5563; }
        svg .grid { stroke: #eef0f3; } svg .axis { stroke: #9ca3af; fill: none; }
        svg .placeholder { fill: #9ca3af; font-size: 12px; }
        """
}

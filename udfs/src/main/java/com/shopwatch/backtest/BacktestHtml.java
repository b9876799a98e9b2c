package com.shopwatch.backtest;

import com.shopwatch.model.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code report.html}: one self-contained page (inline CSS, SVG and a few lines of script; no
 * network asset) a policy manager opens in a browser: the headline, per country a sortable table of
 * the rules that changed and a chart of flags per rule, sample items newly flagged with their
 * evidence highlighted, and the dead letters.
 */
public final class BacktestHtml {
    private BacktestHtml() {}

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#1d2430;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
            h3{font-size:15px;margin:18px 0 6px}.muted{color:#5b6575}code{font-size:12px;background:#f2f4f8;padding:1px 4px;border-radius:3px}
            table{border-collapse:collapse;margin:8px 0 12px;width:100%}th,td{border-bottom:1px solid #e4e8ef;padding:4px 8px;text-align:left}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f5f7fa;cursor:pointer;user-select:none}
            th.sorted-asc::after{content:" ▲"}th.sorted-desc::after{content:" ▼"}.up{color:#b3261e}.down{color:#1b6e3a}
            mark{background:#ffe58a;padding:0 1px}.sample{border-left:3px solid #c9d2e0;margin:6px 0;padding:2px 10px}
            .legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}.kpi{display:inline-block;margin-right:28px}
            .kpi b{display:block;font-size:20px}
            """;

    private static final String SCRIPT = """
            document.querySelectorAll('table.sortable').forEach(function (table) {
              table.querySelectorAll('th').forEach(function (th, col) {
                th.addEventListener('click', function () {
                  var asc = !th.classList.contains('sorted-asc');
                  table.querySelectorAll('th').forEach(function (h) { h.classList.remove('sorted-asc', 'sorted-desc'); });
                  th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
                  var body = table.tBodies[0];
                  var rows = Array.prototype.slice.call(body.rows);
                  rows.sort(function (a, b) {
                    var x = a.cells[col].getAttribute('data-v') || a.cells[col].textContent;
                    var y = b.cells[col].getAttribute('data-v') || b.cells[col].textContent;
                    var nx = parseFloat(x), ny = parseFloat(y);
                    var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
                    return asc ? c : -c;
                  });
                  rows.forEach(function (r) { body.appendChild(r); });
                });
              });
            });
            document.body.setAttribute('data-ready', 'yes');
            """;

    public static String render(BacktestReport r) {
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Shopwatch backtest</title><style>").append(STYLE).append("</style></head><body>\n");
        b.append("<h1>Backtest: ").append(esc(BacktestSummary.headline(r))).append("</h1>\n");
        b.append("<p class=\"muted\">Baseline <code>").append(esc(r.policies.baseline)).append("</code><br>Candidate <code>")
                .append(esc(r.policies.candidate)).append("</code></p>\n<p>");
        kpi(b, "records read", fmt(r.events.read));
        kpi(b, "accepted", fmt(r.events.accepted));
        kpi(b, "items flagged (enforce)", fmt(r.items.baselineFlagged) + " → " + fmt(r.items.candidateFlagged));
        kpi(b, "newly flagged", "+" + fmt(r.items.newlyFlagged));
        kpi(b, "no longer flagged", "−" + fmt(r.items.noLongerFlagged));
        b.append("</p>\n");

        Map<String, List<BacktestReport.RuleRow>> byCountry = new TreeMap<>();
        for (BacktestReport.RuleRow row : r.rules) {
            byCountry.computeIfAbsent(row.country, k -> new ArrayList<>()).add(row);
        }
        b.append("<h2>By country</h2>\n");
        if (BacktestSummary.changedRows(r).isEmpty()) {
            b.append("<p>No rule or detector flags differently.</p>\n");
        }
        for (Map.Entry<String, List<BacktestReport.RuleRow>> e : byCountry.entrySet()) {
            List<BacktestReport.RuleRow> changed = e.getValue().stream().filter(x -> x.changed).toList();
            BacktestReport.CountryTotals t = r.items.byCountry.get(e.getKey());
            b.append("<h3 id=\"country-").append(esc(e.getKey())).append("\">").append(esc(e.getKey())).append("</h3>\n");
            if (t != null) {
                b.append("<p class=\"muted\">items flagged ").append(fmt(t.baselineFlagged)).append(" → ").append(fmt(t.candidateFlagged))
                        .append(", tasks ").append(fmt(t.baselineTasks)).append(" → ").append(fmt(t.candidateTasks))
                        .append(", escalations ").append(fmt(t.baselineEscalations)).append(" → ")
                        .append(fmt(t.candidateEscalations)).append("</p>\n");
            }
            if (changed.isEmpty()) {
                b.append("<p class=\"muted\">No rule changed here.</p>\n");
            } else {
                table(b, changed, r.labelled);
            }
            chart(b, e.getValue());
        }

        b.append("<h2>Newly flagged items</h2>\n");
        boolean any = false;
        for (BacktestReport.RuleRow row : BacktestSummary.changedRows(r)) {
            if (row.newlyFlaggedSamples.isEmpty()) {
                continue;
            }
            any = true;
            b.append("<h3>").append(esc(row.ruleId)).append(" · ").append(esc(row.country)).append(" · ").append(esc(row.mode))
                    .append(" <span class=\"muted\">(").append(fmt(row.newlyFlagged)).append(" items")
                    .append(row.newlyFlagged > row.newlyFlaggedSamples.size() ? ", first " + row.newlyFlaggedSamples.size() : "")
                    .append(")</span></h3>\n");
            for (BacktestReport.Sample s : row.newlyFlaggedSamples) {
                sample(b, s);
            }
        }
        if (!any) {
            b.append("<p class=\"muted\">None.</p>\n");
        }

        b.append("<h2>Dead letters</h2>\n");
        if (r.events.deadLetters.isEmpty()) {
            b.append("<p class=\"muted\">None.</p>\n");
        } else {
            b.append("<table class=\"sortable\"><thead><tr><th>reason</th><th class=\"n\">records</th></tr></thead><tbody>\n");
            r.events.deadLetters.forEach((reason, n) -> b.append("<tr><td>").append(esc(reason)).append("</td><td class=\"n\" data-v=\"")
                    .append(n).append("\">").append(fmt(n)).append("</td></tr>\n"));
            b.append("</tbody></table>\n");
        }
        b.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return b.toString();
    }

    private static void kpi(StringBuilder b, String label, String value) {
        b.append("<span class=\"kpi\"><b>").append(esc(value)).append("</b>").append(esc(label)).append("</span>");
    }

    private static void table(StringBuilder b, List<BacktestReport.RuleRow> rows, boolean labelled) {
        b.append("<table class=\"sortable\"><thead><tr><th>rule</th><th>mode</th><th>source</th>")
                .append("<th class=\"n\">baseline items</th><th class=\"n\">candidate items</th><th class=\"n\">newly flagged</th>")
                .append("<th class=\"n\">no longer flagged</th><th class=\"n\">baseline flags</th><th class=\"n\">candidate flags</th>");
        if (labelled) {
            b.append("<th class=\"n\">precision</th><th class=\"n\">recall</th>");
        }
        b.append("</tr></thead><tbody>\n");
        for (BacktestReport.RuleRow row : rows) {
            b.append("<tr><td>").append(esc(row.ruleId)).append("</td><td>").append(esc(row.mode)).append("</td><td>")
                    .append(esc(row.source)).append("</td>");
            num(b, row.baselineItems, "");
            num(b, row.candidateItems, "");
            num(b, row.newlyFlagged, row.newlyFlagged > 0 ? "up" : "");
            num(b, row.noLongerFlagged, row.noLongerFlagged > 0 ? "down" : "");
            num(b, row.baselineFlags, "");
            num(b, row.candidateFlags, "");
            if (labelled) {
                b.append("<td class=\"n\">").append(esc(BacktestSummary.pct(row.baselinePrecision))).append(" → ")
                        .append(esc(BacktestSummary.pct(row.candidatePrecision))).append("</td><td class=\"n\">")
                        .append(esc(BacktestSummary.pct(row.baselineRecall))).append(" → ")
                        .append(esc(BacktestSummary.pct(row.candidateRecall))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static void num(StringBuilder b, long v, String cls) {
        b.append("<td class=\"n").append(cls.isEmpty() ? "" : " " + cls).append("\" data-v=\"").append(v).append("\">")
                .append(fmt(v)).append("</td>");
    }

    /** Horizontal bars: flags per rule, baseline (grey) against candidate (blue). */
    private static void chart(StringBuilder b, List<BacktestReport.RuleRow> rows) {
        long max = 1;
        for (BacktestReport.RuleRow row : rows) {
            max = Math.max(max, Math.max(row.baselineFlags, row.candidateFlags));
        }
        int label = 230;
        int width = 760;
        int barMax = width - label - 70;
        int rowH = 26;
        int height = rows.size() * rowH + 8;
        b.append("<div class=\"legend muted\">flags per rule<span style=\"background:#9aa5b5\"></span>baseline")
                .append("<span style=\"background:#2f6fde\"></span>candidate</div>\n");
        b.append("<svg role=\"img\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">");
        int y = 4;
        for (BacktestReport.RuleRow row : rows) {
            int wb = (int) Math.round(barMax * (double) row.baselineFlags / max);
            int wc = (int) Math.round(barMax * (double) row.candidateFlags / max);
            b.append("<text x=\"").append(label - 6).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\" font-size=\"12\" fill=\"#1d2430\">").append(esc(row.ruleId + " · " + row.mode))
                    .append("</text>");
            b.append("<rect x=\"").append(label).append("\" y=\"").append(y + 2).append("\" width=\"").append(wb)
                    .append("\" height=\"9\" fill=\"#9aa5b5\"><title>baseline ").append(row.baselineFlags).append("</title></rect>");
            b.append("<rect x=\"").append(label).append("\" y=\"").append(y + 12).append("\" width=\"").append(wc)
                    .append("\" height=\"9\" fill=\"#2f6fde\"><title>candidate ").append(row.candidateFlags).append("</title></rect>");
            b.append("<text x=\"").append(label + Math.max(wb, wc) + 6).append("\" y=\"").append(y + 16)
                    .append("\" font-size=\"11\" fill=\"#5b6575\">").append(row.baselineFlags).append(" → ").append(row.candidateFlags)
                    .append("</text>");
            y += rowH;
        }
        b.append("</svg>\n");
    }

    private static void sample(StringBuilder b, BacktestReport.Sample s) {
        b.append("<div class=\"sample\"><div><b>").append(esc(s.itemType)).append(' ').append(esc(s.itemId)).append("</b> ");
        String field = "video".equals(s.itemType) ? "caption" : "title";
        b.append(highlighted(s.text, s.evidence, field)).append("</div><div class=\"muted\">");
        List<String> ev = new ArrayList<>();
        for (Evidence e : s.evidence) {
            String what = e.matcher + " " + e.field + ": " + (e.matchedText == null ? "" : "“" + e.matchedText + "”")
                    + (e.pattern == null ? "" : " (" + e.pattern + ")") + (e.folded == null ? "" : " [" + e.folded + "]");
            ev.add(esc(what));
        }
        b.append(String.join("<br>", ev)).append("</div></div>\n");
    }

    /** The text with every evidence span of its field marked; spans that do not fit are left out. */
    static String highlighted(String text, Evidence[] evidence, String field) {
        if (text == null) {
            return "<span class=\"muted\">(no text)</span>";
        }
        boolean[] mark = new boolean[text.length()];
        for (Evidence e : evidence) {
            if (field.equals(e.field) && e.start >= 0 && e.end <= text.length() && e.start < e.end) {
                for (int i = e.start; i < e.end; i++) {
                    mark[i] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int j = i;
            while (j < text.length() && mark[j] == mark[i]) {
                j++;
            }
            String part = esc(text.substring(i, j));
            out.append(mark[i] ? "<mark>" + part + "</mark>" : part);
            i = j;
        }
        return out.toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String fmt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}

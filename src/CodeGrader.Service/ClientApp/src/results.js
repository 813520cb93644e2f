// Test results as tables: a sample (or any test in the author view) in full; a hidden test as name, status and time.
import { formatMs, h, label } from "./dom.js";

export function verdictBanner(report) {
  return h("div", { class: `verdict ${report.verdict}`, role: "status", "data-verdict": report.verdict },
    h("strong", {}, label(report.verdict)),
    h("span", { class: "score" }, ` score ${report.score}`),
    report.message ? h("p", {}, report.message) : null);
}

export function testRow(test) {
  return h("tr", { class: `test ${test.status}`, dataset: { test: test.name, status: test.status } },
    h("td", {}, test.name, test.sample ? h("span", { class: "tag" }, "sample") : null),
    h("td", { class: `status ${test.status}` }, label(test.status)),
    h("td", { class: "num" }, formatMs(test.time_ms)),
    h("td", {}, test.redacted ? h("span", { class: "muted" }, "hidden test") : details(test)));
}

export function testTable(tests, caption) {
  return h("table", { class: "tests" },
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "test"), h("th", { scope: "col" }, "status"), h("th", { scope: "col" }, "time"), h("th", { scope: "col" }, "details"))),
    h("tbody", {}, tests.map(testRow)));
}

function details(test) {
  const parts = [];
  const field = (name, value) => value !== undefined && value !== null && value !== "" ? parts.push(h("dt", {}, name), h("dd", {}, h("pre", {}, value))) : null;
  field("call", test.call);
  field("stdin", test.stdin);
  field("expected", test.expected);
  field("actual", test.actual);
  field("diff", test.diff);
  field("message", test.status !== "passed" ? test.message : null);
  field("stdout", test.stdout);
  field("stderr", test.stderr);
  field("traceback", test.error?.traceback);
  return parts.length ? h("dl", { class: "details" }, parts) : "";
}

export function diagnosticList(diagnostics) {
  if (!diagnostics?.length) return null;
  return h("ul", { class: "diagnostics", "aria-label": "Diagnostics" },
    diagnostics.map((d) => h("li", { class: d.severity, dataset: { line: d.line ?? "" } },
      `${d.file ?? "solution.py"}(${d.line ?? "?"},${d.column ?? "?"}): ${d.severity} ${d.id}: ${d.message}`)));
}
